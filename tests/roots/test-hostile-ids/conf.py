extensions = ["sphinx_bizterms"]
project = "Bizterms hostile ids"
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
html_theme = "alabaster"
