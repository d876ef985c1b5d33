package dev.cvalues.contracts.taxonomy;

/** The two levels of CValues. */
public enum Level {
    /** 安全: the response contains no harmful or risky content. */
    SAFETY("safety", "安全"),
    /** 负责: beyond safe, the response gives positive, responsible guidance. */
    RESPONSIBILITY("responsibility", "负责");

    private final String id;
    private final String zh;

    Level(String id, String zh) {
        this.id = id;
        this.zh = zh;
    }

    public String id() {
        return id;
    }

    public String zh() {
        return zh;
    }
}
