extensions = ["myst_parser", "sphinx_bizterms"]
project = "Tooltips without a glossary"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
