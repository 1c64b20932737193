"""Where the learner does the chain rule, on the views of :mod:`autograd.views`.

* :mod:`~autograd.tutor.expression` reads an expression or an answer safely (no ``eval``);
* :mod:`~autograd.tutor.practice` lets the learner do each step and checks it, and defines what
  an answer may be, for the page too;
* :mod:`~autograd.tutor.answers` is the one rule that says whether an answer is right,
  :mod:`~autograd.tutor.mistakes` names the classic mistake a wrong one equals, and
  :mod:`~autograd.tutor.questions` is what practice asks (steps, forward values, totals, leaves);
  :mod:`~autograd.tutor.page_questions` gives the page the same;
* :mod:`~autograd.tutor.stepper` writes the offline page that replays the steps (with practice),
  from the template, style and scripts in ``stepper_page/``;
* :mod:`~autograd.tutor.exercises` draws exercises fair to do by hand from a seed, and
  :mod:`~autograd.tutor.worksheet` prints them as worksheets with answer keys
  (:mod:`~autograd.tutor.worksheet_page`);
* :mod:`~autograd.tutor.cli` is ``python -m autograd``.

The public names are exported from :mod:`autograd` itself.
"""
