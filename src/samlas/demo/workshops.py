"""Demo workshop: the regional hearing's prioritisation, as at a real hearing."""

from samlas.events.models import Event
from samlas.workshops import services as workshops

PROPOSALS = [
    "Fler vuxna på stan kvällar och helger",
    "Bättre belysning i parker, gångtunnlar och vid busshållplatser",
    "Trygga skolvägar och fler trygghetsvandringar",
    "Öppna fritidsgårdar även på helgerna",
    "Samverkan mellan skola, socialtjänst och polis i alla kommuner",
    "Föräldrastöd för föräldrar till barn i riskzonen",
]


def build_workshop_demo(hearing: Event) -> None:
    """Five tables rank proposals, then everyone spends points."""
    workshop = workshops.create_workshop(
        event=hearing,
        programme_item=hearing.items.filter(title__startswith="Grupparbete 3").first(),
        title="Östergötlands prioriteringar",
        introduction="Välj bordet du sitter vid och rangordna förslagen. "
        "Du kan ändra din röst tills frågan stängs.",
        group_names=[f"Bord {n}" for n in range(1, 6)],
    )
    ranking = workshops.add_question(
        workshop,
        text="Vilka förslag ska länet prioritera de kommande åren?",
        method="ranking",
        proposals=PROPOSALS,
        allow_proposals=True,
    )
    workshops.add_question(
        workshop,
        text="Var gör länets gemensamma resurser störst nytta?",
        method="dots",
        points=10,
        proposals=PROPOSALS[:4],
    )
    workshops.open_question(ranking)
