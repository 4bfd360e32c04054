package dev.paperboy.ingest;

import javax.xml.stream.XMLInputFactory;

/** The StAX factory for every upstream XML payload (OAI-PMH, the arXiv API). */
final class SafeXml {
    private SafeXml() {}

    static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // Upstream XML never needs a DTD; refusing them rules out entity-expansion and external-entity attacks.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
