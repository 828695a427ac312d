"""kg: a knowledge graph of China's national Quality Month (全国“质量月”).

Extractors turn notices and news into facts with source spans; the graph layer mints
stable IRIs and builds RDF under the ``qm:`` ontology; exporters write Turtle, TriG,
N-Triples, JSON-LD, a SPARQL query pack with answers, and an interactive network page.
"""

__version__ = "0.1.0"
