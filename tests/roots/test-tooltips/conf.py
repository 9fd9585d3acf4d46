extensions = ["myst_parser", "sphinx_bizterms"]
project = "Tooltips"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
