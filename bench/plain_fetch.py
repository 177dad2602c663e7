"""The baseline: fetch every whole message with imapclient, do nothing with it.

    python bench/plain_fetch.py --host H --port P --user U --password-env VAR \
        [--batch 200] [--folders INBOX Sent]

Logs in, and per folder SELECTs it read-only, lists its UIDs and `UID FETCH`es
`BODY.PEEK[]` in batches; the bytes are counted and dropped. Prints one JSON line:
messages, bytes and seconds (login to logout). This is the least any IMAP sync of
the same mailbox can cost: mailbot's first sync is judged against it.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from imapclient import IMAPClient


def fetch_all(client: IMAPClient, folder: str, batch: int) -> tuple[int, int]:
    client.select_folder(folder, readonly=True)
    uids = sorted(client.search(["ALL"]))
    count = size = 0
    for start in range(0, len(uids), batch):
        rows = client.fetch(uids[start : start + batch], ["BODY.PEEK[]"])
        for data in rows.values():
            size += len(data[b"BODY[]"])
            count += 1
    return count, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-env", required=True)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--folders", nargs="+", default=["INBOX", "Sent"])
    args = ap.parse_args()
    started = time.perf_counter()
    client = IMAPClient(args.host, port=args.port, ssl=False, timeout=120)
    client.login(args.user, os.environ[args.password_env])
    count = size = 0
    for folder in args.folders:
        c, s = fetch_all(client, folder, args.batch)
        count, size = count + c, size + s
    client.logout()
    seconds = time.perf_counter() - started
    print(json.dumps({"messages": count, "bytes": size, "seconds": seconds}))


if __name__ == "__main__":
    main()
