"""A throwaway Dovecot IMAP server in a temporary folder, on a free port.

Follows the recipe in shared/RECIPES.md: mail files owned by the `dovecot`
system user, every runtime path inside the folder, plain-text login on
127.0.0.1 only. No system service is touched.
"""

import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

_LIST_LINE = re.compile(r'\((?P<flags>[^)]*)\) (?P<delimiter>"[^"]*"|NIL) (?P<name>.+)')
USERS = {"desk": "desk-password", "other": "other-password"}

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


class DovecotMissing(RuntimeError):
    pass


def _give_to_dovecot(folder: Path) -> None:
    """Mail files must belong to the unprivileged `dovecot` user, not root."""
    try:
        account = pwd.getpwnam("dovecot")
    except KeyError as missing:
        raise DovecotMissing(
            "There is no `dovecot` system user: is dovecot-imapd installed?"
        ) from missing
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, account.pw_uid, account.pw_gid)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    root: Path
    port: int
    process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("dovecot") or (
            "/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None
        )
        if binary is None:
            raise DovecotMissing(
                "Dovecot is not installed, so the IMAP tests cannot run. Install it with "
                "`apt-get install -y dovecot-imapd` (or `make test-services`)."
            )
        for folder in ("run", "state", "mail"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        (self.root / "users").write_text(
            "".join(f"{user}:{{PLAIN}}{password}\n" for user, password in USERS.items())
        )
        (self.root / "dovecot.conf").write_text(CONFIG.format(root=self.root, port=self.port))
        _give_to_dovecot(self.root / "mail")
        self.root.chmod(0o755)
        # Our own config file in our own temporary folder.
        subprocess.run([binary, "-c", str(self.root / "dovecot.conf")], check=True)  # noqa: S603
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        log = (
            (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
        )
        raise RuntimeError(f"Dovecot did not start listening on port {self.port}.\n{log}")

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip())
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def connect(self, user: str = "desk") -> imaplib.IMAP4:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        connection.login(user, USERS[user])
        return connection

    def empty(self, user: str = "desk") -> None:
        """Remove every message and extra folder of a user, for a clean test."""
        connection = self.connect(user)
        try:
            _, folders = connection.list()
            for line in folders or []:
                match = _LIST_LINE.match(line.decode()) if isinstance(line, bytes) else None
                name = match.group("name").strip('"') if match else "INBOX"
                if name != "INBOX":
                    connection.delete(f'"{name}"')
            _, data = connection.select("INBOX")
            if int(data[0]):
                connection.store("1:*", "+FLAGS", "(\\Deleted)")
                connection.expunge()
        finally:
            connection.logout()

    def append(self, raw: bytes, user: str = "desk", folder: str = "INBOX") -> None:
        connection = self.connect(user)
        try:
            status, detail = connection.append(
                folder, "", imaplib.Time2Internaldate(time.time()), raw
            )
            assert status == "OK", detail
        finally:
            connection.logout()

    def flags(self, user: str = "desk", folder: str = "INBOX") -> list[str]:
        """The flags of each message in the folder, in order."""
        connection = self.connect(user)
        try:
            status, _ = connection.select(f'"{folder}"', readonly=True)
            assert status == "OK", f"no folder {folder}"
            _, data = connection.fetch("1:*", "(FLAGS)")
            return [item.decode() for item in data if isinstance(item, bytes)]
        finally:
            connection.logout()

    def count(self, user: str = "desk", folder: str = "INBOX") -> int:
        connection = self.connect(user)
        try:
            status, data = connection.select(f'"{folder}"', readonly=True)
            return int(data[0]) if status == "OK" else 0
        finally:
            connection.logout()


def start_dovecot(root: Path) -> Dovecot:
    server = Dovecot(root=root, port=_free_port())
    server.start()
    return server
