extensions = ["myst_parser", "sphinx_bizterms"]
exclude_patterns = ["corpus"]
bizterms_corpus = [
    "missing",
    "corpus",
]
