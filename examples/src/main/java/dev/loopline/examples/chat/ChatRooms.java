package dev.loopline.examples.chat;

import dev.loopline.routing.Params;
import dev.loopline.server.Request;
import dev.loopline.server.WebSocket;
import dev.loopline.server.WebSocketListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms and who is in them. Sessions of one room may live on different event loops: the room is a concurrent
 * set, and each send is written by its own session's loop. A room with nobody left in it is forgotten.
 */
public final class ChatRooms {

    private final Map<String, Set<WebSocket>> rooms = new ConcurrentHashMap<>();

    /** The listener of one session in the room the request names. */
    WebSocketListener listenerFor(Request request) {
        String room = Params.path(request, "room");
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket session) {
                rooms.computeIfAbsent(room, name -> ConcurrentHashMap.newKeySet()).add(session);
            }

            @Override
            public void onText(WebSocket session, String text) {
                for (WebSocket member : rooms.getOrDefault(room, Set.of())) {
                    member.sendText(text); // a member that reads too slowly is closed by its own queue bound
                }
            }

            @Override
            public void onClose(WebSocket session, int code, String reason) {
                rooms.computeIfPresent(room, (name, members) -> {
                    members.remove(session);
                    return members.isEmpty() ? null : members;
                });
            }
        };
    }

    /** How many sessions are in {@code room} now. */
    public int size(String room) {
        return rooms.getOrDefault(room, Set.of()).size();
    }
}
