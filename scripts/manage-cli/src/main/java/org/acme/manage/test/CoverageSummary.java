package org.acme.manage.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.acme.manage.ManageException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The totals of a JaCoCo XML report: the counters that are direct children of {@code <report>}. */
public record CoverageSummary(Counter lines, Counter branches) {

    public record Counter(long covered, long missed) {
        public long total() {
            return covered + missed;
        }

        public String describe() {
            return total() == 0 ? "n/a (0/0)"
                    : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * covered / total(), covered, total());
        }
    }

    public static CoverageSummary read(Path jacocoXml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // The report names report.dtd; it is neither needed nor available.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Element report = builder.parse(jacocoXml.toFile()).getDocumentElement();
            Counter lines = new Counter(0, 0);
            Counter branches = new Counter(0, 0);
            for (Node node = report.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element counter && counter.getTagName().equals("counter")) {
                    Counter value = new Counter(Long.parseLong(counter.getAttribute("covered")),
                            Long.parseLong(counter.getAttribute("missed")));
                    switch (counter.getAttribute("type")) {
                        case "LINE" -> lines = value;
                        case "BRANCH" -> branches = value;
                        default -> { }
                    }
                }
            }
            return new CoverageSummary(lines, branches);
        } catch (ParserConfigurationException | SAXException | IOException | NumberFormatException e) {
            throw new ManageException("cannot read the coverage report " + jacocoXml + ": " + e.getMessage(), e);
        }
    }
}
