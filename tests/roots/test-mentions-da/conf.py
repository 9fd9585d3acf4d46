extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["corpus"]
exclude_patterns = ["corpus"]
language = "da"
bizterms_mentions = "warn"
