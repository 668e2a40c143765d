import pytest
from django.core.management import call_command

from memberstates.models import Treaty
from resolutions.services.imports import import_resolution

# A participant table as the UNTC prints it: footnote numbers after names, the form of consent
# after the date, UN spellings, and participants that are not AALCO members.
UNTC_TABLE = """Participant,Signature,"Ratification, Accession(a), Succession(d)"
Bangladesh 4,9 May 2007,30 Nov 2007
"Iran (Islamic Republic of)",,23 Oct 2009 a
Türkiye3,30 Mar 2007,28 Sep 2009
Japan,28 Sep 2007,20 Jan 2014
India,30 Mar 2007,1 Oct 2007
Kenya,30 Mar 2007,19 May 2008
Bolivia (Plurinational State of),13 Aug 2007,16 Nov 2009
Germany,30 Mar 2007,24 Feb 2009
Viet Nam,22 Oct 2007,5 Feb 2015
Singapore,30 Nov 2012,18 Jul 2013
Malaysia,8 Apr 2008,19 Jul 2010
Egypt 2,4 Apr 2007,14 Apr 2008
Ghana,30 Mar 2007,31 Jul 2012
Mauritius,25 Sep 2007,8 Jan 2010
Republic of Korea,30 Mar 2007,11 Dec 2008
Libya,1 May 2008,13 Feb 2018
Sudan,30 Mar 2007,24 Apr 2009
Yemen,30 Mar 2007,26 Mar 2009
Lebanon,14 Jun 2007,
"""


@pytest.fixture
def untc_table(tmp_path):
    path = tmp_path / "crpd.csv"
    path.write_text(UNTC_TABLE, encoding="utf-8")
    return path


@pytest.fixture
def crpd(reference_data, untc_table) -> Treaty:
    call_command(
        "load_treaty_status",
        "CRPD",
        str(untc_table),
        "--title",
        "Convention on the Rights of Persons with Disabilities",
    )
    return Treaty.objects.get(short_name="CRPD")


@pytest.fixture
def crpd_resolution(seed_resolution, seed_text, crpd):
    """A second resolution of the 52nd session whose paragraph 3 asks to join the CRPD."""
    text = (
        seed_text.replace("AALCO/RES/52/S 5", "AALCO/RES/52/S 6")
        .replace("LEGAL PROTECTION OF MIGRANT WORKERS", "RIGHTS OF PERSONS WITH DISABILITIES")
        .replace(
            "the relevant international legal instruments on the situation of migrant workers, "
            "particularly the ICMW 1990",
            "the Convention on the Rights of Persons with Disabilities (CRPD)",
        )
    )
    return import_resolution(text=text)
