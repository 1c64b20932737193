"""Showing a graph and its backward pass to a person.

Everything here reads the engine and changes nothing in it:

* :mod:`~autograd.views.names` names a graph's Values (``x``, ``x1*w1``) the same way in every view;
* :mod:`~autograd.views.steps` gives the backward pass one step at a time (``backward_steps``);
  :mod:`~autograd.views.formulas` writes a step with its rule, first with names and then with
  numbers, and :mod:`~autograd.views.explain` prints every step (``explain``);
* :mod:`~autograd.views.draw` draws a graph (``draw_dot``), colouring gradients on the scale of
  :mod:`~autograd.views.colors`, and :mod:`~autograd.views.graphviz_runner` runs Graphviz for
  every picture.

What the learner does with them (the stepper page, practice, the command line) is
:mod:`autograd.tutor`, which stands on these.

The public names are exported from :mod:`autograd` itself.
"""
