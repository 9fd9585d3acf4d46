extensions = ["myst_parser", "sphinx_bizterms"]
project = "Ordformer"
language = "da"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
