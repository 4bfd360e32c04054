// Upvote and save without leaving the page. Without JavaScript the same buttons are plain form POSTs that return
// to the page, so this file only makes them quicker; if a request fails, the form is sent the ordinary way.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches("form.vote, form.save")) return;
  event.preventDefault();
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const state = await response.json();
    const button = form.querySelector("button");
    if ("upvotes" in state) {
      button.querySelector(".count").textContent = state.upvotes;
      button.classList.toggle("voted", state.voted);
      button.setAttribute("aria-pressed", String(state.voted));
      button.title = state.voted ? "Remove your upvote" : "Upvote";
    } else {
      button.classList.toggle("saved", state.saved);
      button.setAttribute("aria-pressed", String(state.saved));
      button.textContent = state.saved ? "Saved" : "Save";
    }
  } catch (e) {
    form.submit();
  }
});
