"""Showing a graph and its backward pass to a person.

Everything here reads the engine and changes nothing in it:

* :mod:`~autograd.views.names` names a graph's Values (``x``, ``x1*w1``) the same way in every view;
* :mod:`~autograd.views.steps` gives the backward pass one step at a time (``backward_steps``);
  :mod:`~autograd.views.formulas` writes a step with its rule, first with names and then with
  numbers, and :mod:`~autograd.views.explain` prints every step (``explain``);
* :mod:`~autograd.views.draw` draws a graph (``draw_dot``), colouring gradients on the scale of
  :mod:`~autograd.views.colors`, and :mod:`~autograd.views.graphviz_runner` runs Graphviz for
  every picture;
* :mod:`~autograd.views.stepper` writes the offline page that replays the steps, from the
  template, style and scripts in ``stepper_page/``;
* :mod:`~autograd.views.practice` lets the learner do each step, reading their answers with
  :mod:`~autograd.views.expression`, and defines what an answer may be for the page too;
* :mod:`~autograd.views.cli` is ``python -m autograd``.

The public names are exported from :mod:`autograd` itself.
"""
