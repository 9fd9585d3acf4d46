extensions = ["myst_parser", "sphinx_bizterms"]
project = "Word forms"
language = "en"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
