"""Small demos, one idea of the backprop course each; ``python -m demos`` lists them."""

ORDER = [
    "moons",
    "circles",
    "xor",
    "spiral",
    "iris",
    "digits",
    "chain_rule",
    "vanishing_gradients",
    "overfitting",
    "optimizers",
    "batch_size",
    "gpt",
]
"""The order in which the course meets the demos."""
