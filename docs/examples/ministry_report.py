"""A ministry's script: list what the state still owes to AALCO and report on one paragraph.

    AALCO_URL=https://followup.aalco.int AALCO_TOKEN=aalco_... \\
        python ministry_report.py [--submit PARAGRAPH_ID --pdf decision.pdf --narrative "..."]

The token is the focal point's (their "API tokens" page): the script acts with exactly
their rights and sees only their state's reports. Needs `requests`.
"""

from __future__ import annotations

import argparse
import os
import sys

import requests


def session() -> tuple[requests.Session, str]:
    base = os.environ["AALCO_URL"].rstrip("/")
    http = requests.Session()
    http.headers["Authorization"] = f"Token {os.environ['AALCO_TOKEN']}"
    http.headers["Accept"] = "application/json"
    return http, base


def list_owed(http: requests.Session, base: str) -> list[dict]:
    answer = http.get(f"{base}/api/owed/", timeout=30)
    answer.raise_for_status()
    return answer.json()


def report(
    http: requests.Session,
    base: str,
    *,
    paragraph_id: int,
    narrative: str,
    pdf: str | None,
    treaty_action: str = "",
) -> dict:
    """Create (or continue) the draft, attach the PDF, then submit it."""
    owed = {item["paragraph_id"]: item for item in list_owed(http, base)}
    item = owed.get(paragraph_id)
    if item is None:
        sys.exit(f"Paragraph {paragraph_id} is not among what your state owes.")
    content = {"narrative": narrative, "treaty_action": treaty_action}
    if item["response_id"] is None:
        answer = http.post(
            f"{base}/api/responses/", json={"paragraph_id": paragraph_id, **content}, timeout=30
        )
    else:
        answer = http.patch(
            f"{base}/api/responses/{item['response_id']}/",
            json={"version": item["response_version"], **content},
            timeout=30,
        )
    if answer.status_code == 409:
        sys.exit("Someone changed this report meanwhile: " + answer.json()["detail"])
    answer.raise_for_status()
    draft = answer.json()
    if pdf:
        with open(pdf, "rb") as handle:
            uploaded = http.post(
                f"{base}/api/responses/{draft['id']}/attachments/",
                files={"file": (os.path.basename(pdf), handle, "application/pdf")},
                timeout=60,
            )
        uploaded.raise_for_status()
        draft = http.get(f"{base}/api/responses/{draft['id']}/", timeout=30).json()
    sent = http.patch(
        f"{base}/api/responses/{draft['id']}/",
        json={"version": draft["version"], "submit": True, **content},
        timeout=30,
    )
    if sent.status_code == 400:
        sys.exit(f"The secretariat's rules refused the report: {sent.json()}")
    sent.raise_for_status()
    return sent.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submit", type=int, metavar="PARAGRAPH_ID")
    parser.add_argument("--narrative", default="")
    parser.add_argument("--treaty-action", default="")
    parser.add_argument("--pdf")
    args = parser.parse_args()
    http, base = session()
    if args.submit is None:
        for item in list_owed(http, base):
            flag = "OVERDUE " if item["overdue"] else ""
            print(
                f"{flag}{item['paragraph_id']}: {item['resolution']} para. {item['paragraph']} "
                f"(due {item['deadline'] or 'when the next session is set'}) {item['status']}"
            )
        return
    sent = report(
        http,
        base,
        paragraph_id=args.submit,
        narrative=args.narrative,
        pdf=args.pdf,
        treaty_action=args.treaty_action,
    )
    print(f"Submitted: report {sent['id']}, version {sent['version']}, status {sent['status']}")


if __name__ == "__main__":
    main()
