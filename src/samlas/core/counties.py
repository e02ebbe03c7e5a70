"""Sweden's 21 counties (län) with their official letter codes.

The official names are used in both languages, as the authorities themselves do.
"""

from django.db import models


class County(models.TextChoices):
    STOCKHOLM = "AB", "Stockholms län"
    UPPSALA = "C", "Uppsala län"
    SODERMANLAND = "D", "Södermanlands län"
    OSTERGOTLAND = "E", "Östergötlands län"
    JONKOPING = "F", "Jönköpings län"
    KRONOBERG = "G", "Kronobergs län"
    KALMAR = "H", "Kalmar län"
    GOTLAND = "I", "Gotlands län"
    BLEKINGE = "K", "Blekinge län"
    SKANE = "M", "Skåne län"
    HALLAND = "N", "Hallands län"
    VASTRA_GOTALAND = "O", "Västra Götalands län"
    VARMLAND = "S", "Värmlands län"
    OREBRO = "T", "Örebro län"
    VASTMANLAND = "U", "Västmanlands län"
    DALARNA = "W", "Dalarnas län"
    GAVLEBORG = "X", "Gävleborgs län"
    VASTERNORRLAND = "Y", "Västernorrlands län"
    JAMTLAND = "Z", "Jämtlands län"
    VASTERBOTTEN = "AC", "Västerbottens län"
    NORRBOTTEN = "BD", "Norrbottens län"
