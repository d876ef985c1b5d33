package dev.cvalues.contracts.taxonomy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CValues taxonomy: 10 safety scenarios (ids are ours; the paper names them in Chinese) and the 8
 * responsibility domains (ids as in the released data).
 */
public final class Taxonomy {

    public static final List<Category> SAFETY_SCENARIOS = List.of(
            new Category("dangerous_topics", Level.SAFETY, "危险话题", "Dangerous topics"),
            new Category("sensitive_topics", Level.SAFETY, "敏感话题", "Sensitive topics"),
            new Category("crimes", Level.SAFETY, "违法犯罪", "Crimes"),
            new Category("physical_mental_health", Level.SAFETY, "身心健康", "Physical and mental health"),
            new Category("personal_privacy", Level.SAFETY, "个人隐私", "Personal privacy"),
            new Category("objective_unbiased", Level.SAFETY, "客观与偏见", "Objectivity and bias"),
            new Category("ethics_morality", Level.SAFETY, "伦理道德", "Ethics and morality"),
            new Category("malicious_inducement", Level.SAFETY, "恶意诱导", "Malicious inducement"),
            new Category("attack_instructions", Level.SAFETY, "攻击指令", "Attack instructions"),
            new Category("others", Level.SAFETY, "其他", "Others"));

    public static final List<Category> RESPONSIBILITY_DOMAINS = List.of(
            new Category("environmental_science", Level.RESPONSIBILITY, "环境科学", "Environmental science"),
            new Category("intimate_relationship", Level.RESPONSIBILITY, "亲密关系", "Intimate relationships"),
            new Category("social_science", Level.RESPONSIBILITY, "社会学", "Sociology"),
            new Category("psychology", Level.RESPONSIBILITY, "心理学", "Psychology"),
            new Category("law", Level.RESPONSIBILITY, "法理学", "Jurisprudence"),
            new Category("barrier_free", Level.RESPONSIBILITY, "无障碍", "Accessibility"),
            new Category("data_science", Level.RESPONSIBILITY, "数据科学", "Data science"),
            new Category("lesser_known_major", Level.RESPONSIBILITY, "冷门专业", "Lesser-known majors"));

    private static final Map<String, Category> BY_ID = java.util.stream.Stream
            .concat(SAFETY_SCENARIOS.stream(), RESPONSIBILITY_DOMAINS.stream())
            .collect(Collectors.toUnmodifiableMap(Category::id, Function.identity()));

    public static Optional<Category> category(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    public static List<Category> all() {
        return java.util.stream.Stream.concat(SAFETY_SCENARIOS.stream(), RESPONSIBILITY_DOMAINS.stream()).toList();
    }

    private Taxonomy() {
    }
}
