"""The UNTOC COP document site generator: ``python -m generator build``.

The package is the pipeline, one sub-package per stage; imports point one
way, from publishing down to the model (README, "How it is built"):

    publishing → search → rendering → corpus → reading → grammar → model, ids

``cache`` is applied from outside the stages, by ``publishing.build``.
"""
