"""The results as a spreadsheet: one row per proposal, overall and per group.

Semicolon-separated with a UTF-8 byte order mark: that is what Excel with Swedish regional
settings opens directly, with å, ä and ö intact (a comma is the decimal separator there).
"""

import csv
import io

from django.utils.translation import gettext as _

from samlas.workshops.queries import GroupResults, QuestionResults

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """Participants write proposals: never let one start a spreadsheet formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def results_csv(results: list[QuestionResults]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Question"),
            _("Method"),
            _("Group"),
            _("Place"),
            _("Proposal"),
            _("Score"),
            _("Votes"),
            _("Top three"),
        ]
    )
    for result in results:
        question = result.question
        sections: list[tuple[str, GroupResults]] = [(_("All (overall)"), result.overall)]
        sections += [(str(g.group), g) for g in result.groups]
        for label, section in sections:
            for row in section.rows:
                writer.writerow(
                    [
                        _text(question.text),
                        question.get_method_display(),
                        _text(label),
                        row.place,
                        _text(row.proposal.text),
                        row.score,
                        row.votes,
                        _("yes") if row.is_top else "",
                    ]
                )
    return buffer.getvalue()
