extensions = ["myst_parser", "sphinx_bizterms"]
project = "Labels"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
