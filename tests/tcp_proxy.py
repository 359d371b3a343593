"""A TCP forwarder that stands between the app and a real server (PostgreSQL,
Redis) so that a test can take the server away and bring it back: stopped,
its port is closed and every connection through it is cut; hung, it accepts
connections and never answers; started again, it forwards on the same port."""

import selectors
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.accepted = 0  # connections taken, forwarded or not
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Forward every new connection to the target."""
        self._run(forward=True)

    def hang(self) -> None:
        """Accept new connections and never answer them, like a server that
        has stopped responding."""
        self._run(forward=False)

    def stop(self) -> None:
        """Close the port and cut every connection made through it."""
        if self._thread is not None:
            self._stopping.set()
            self._thread.join(timeout=10)
            assert not self._thread.is_alive(), "the proxy did not stop"
            self._thread = None

    def _run(self, *, forward: bool) -> None:
        self.stop()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(listener, forward), daemon=True
        )
        self._thread.start()

    def _serve(self, listener: socket.socket, forward: bool) -> None:
        selector = selectors.DefaultSelector()
        selector.register(listener, selectors.EVENT_READ)
        peers: dict[socket.socket, socket.socket | None] = {}
        try:
            while not self._stopping.is_set():
                for key, _ in selector.select(timeout=0.05):
                    if key.fileobj is listener:
                        self._accept(listener, selector, peers, forward)
                    elif key.fileobj in peers:  # not cut with its peer
                        self._pass_on(key.fileobj, selector, peers)
        finally:
            for sock in [listener, *peers]:
                _cut(sock)
            selector.close()

    def _accept(self, listener, selector, peers, forward: bool) -> None:
        client, _ = listener.accept()
        self.accepted += 1
        if not forward:
            peers[client] = None
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _cut(client)
            return
        upstream.settimeout(None)
        peers[client], peers[upstream] = upstream, client
        selector.register(client, selectors.EVENT_READ)
        selector.register(upstream, selectors.EVENT_READ)

    def _pass_on(self, sock, selector, peers) -> None:
        other = peers[sock]
        try:
            data = sock.recv(65536)
            if data:
                other.sendall(data)
                return
        except OSError:
            pass
        for end in (sock, other):
            selector.unregister(end)
            peers.pop(end)
            _cut(end)


def _cut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
