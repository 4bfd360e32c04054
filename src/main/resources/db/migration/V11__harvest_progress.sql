-- How far a harvest has gone through its list, from the resumption token's completeListSize and cursor (arXiv sends
-- both): what the bar on /status draws. NULL when the repository does not say.
ALTER TABLE harvest_runs ADD COLUMN list_size BIGINT;
ALTER TABLE harvest_runs ADD COLUMN list_done BIGINT;
