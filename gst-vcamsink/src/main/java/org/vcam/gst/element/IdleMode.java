package org.vcam.gst.element;

/** What the camera shows while the pipeline is paused. */
public enum IdleMode {
    /** The driver repeats the last frame. */
    LAST("last", "Repeat the last frame"),
    /** A black frame is queued when the pipeline pauses. */
    BLACK("black", "Show a black frame");

    private final String nick;
    private final String description;

    IdleMode(String nick, String description) {
        this.nick = nick;
        this.description = description;
    }

    public String nick() {
        return nick;
    }

    public String description() {
        return description;
    }

    public static IdleMode fromNick(String nick) {
        for (IdleMode m : values()) {
            if (m.nick.equals(nick)) {
                return m;
            }
        }
        throw new IllegalArgumentException("idle must be last or black, not \"" + nick + "\"");
    }
}
