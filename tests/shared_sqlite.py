"""One at a time on the live server's shared SQLite connection.

With SQLite the test database lives in this process's memory, and Django's live server
hands the test thread's own connection to every request thread. Two threads then use one
connection at the same time: the browser's background requests (a panel loading, a
heartbeat) against each other and against the test's own queries. Twice in CI that broke
a journey at random: "pop from empty list" inside transaction.atomic (both threads pushing
and popping the same savepoint list) and "cannot open savepoint - SQL statements in
progress".

This module makes the threads take turns with one re-entrant lock:
- the live server holds it for the whole of each request (its WSGI application wrapped,
  the response read out inside the lock);
- the test thread holds it for each statement it runs and for the whole of each
  transaction.atomic block it opens.

PostgreSQL gives each thread its own connection and needs none of this.
"""

import threading
from contextlib import contextmanager

from django.db import connection, transaction

TURN = threading.RLock()


def shares_the_connection() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def take_turns_in_the_server(live_server) -> None:
    """Wrap the live server's WSGI application once; it stays wrapped for the session."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if getattr(app, "takes_turns", False):
        return

    def one_request_at_a_time(environ, start_response):
        with TURN:
            result = app(environ, start_response)
            try:
                body = list(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return body

    one_request_at_a_time.takes_turns = True  # type: ignore[attr-defined]
    httpd.set_app(one_request_at_a_time)


def _statement_in_turn(execute, sql, params, many, context):
    with TURN:
        return execute(sql, params, many, context)


@contextmanager
def test_thread_takes_turns(monkeypatch):
    """Statements and atomic blocks hold the lock while this context is open."""
    enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__

    def locked_enter(self):
        TURN.acquire()
        try:
            return enter(self)
        except BaseException:
            TURN.release()
            raise

    def locked_exit(self, exc_type, exc_value, traceback):
        try:
            return exit_(self, exc_type, exc_value, traceback)
        finally:
            TURN.release()

    monkeypatch.setattr(transaction.Atomic, "__enter__", locked_enter)
    monkeypatch.setattr(transaction.Atomic, "__exit__", locked_exit)
    with connection.execute_wrapper(_statement_in_turn):
        yield
