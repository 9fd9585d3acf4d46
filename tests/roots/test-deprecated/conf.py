extensions = ["myst_parser", "sphinx_bizterms"]
project = "Deprecated terms"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
