extensions = ["myst_parser", "sphinx_bizterms"]
project = "Bizterms browser test"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
html_theme = "alabaster"
