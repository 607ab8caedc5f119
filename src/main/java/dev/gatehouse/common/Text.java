package dev.gatehouse.common;

/**
 * Character classes for text that people type. Identifiers (e-mail addresses, usernames) refuse
 * every character that is invisible or not text at all, so no two identifiers that look the same
 * can differ by one; display names refuse the characters that break storage or reorder what an
 * admin sees. Unpaired surrogates are refused everywhere: they have no UTF-8 form, so two
 * different strings would store as the same bytes.
 */
public final class Text {

    /**
     * Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) ranges that are not already of
     * general category Cf or Cn: combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
     * Mongolian free variation selectors, variation selectors.
     */
    private static final int[][] OTHER_DEFAULT_IGNORABLE = {
            {0x034F, 0x034F}, {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x3164, 0x3164},
            {0xFE00, 0xFE0F}, {0xFFA0, 0xFFA0}, {0xE0100, 0xE01EF}};

    private Text() {
    }

    /**
     * Whether {@code cp} has no place in an identifier: a control (Cc), a format character (Cf:
     * zero-width space and joiners, bidi controls, soft hyphen, BOM, tags), a line or paragraph
     * separator, unassigned (Cn: not stable under normalisation), private use, a surrogate, or
     * another default-ignorable (invisible) code point.
     */
    public static boolean isInvisibleOrControl(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> {
                return true;
            }
            default -> {
                for (int[] r : OTHER_DEFAULT_IGNORABLE) {
                    if (cp >= r[0] && cp <= r[1]) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    /** Whether {@code s} holds any character {@link #isInvisibleOrControl} refuses (an unpaired surrogate included). */
    public static boolean hasInvisibleOrControl(String s) {
        return s != null && s.codePoints().anyMatch(Text::isInvisibleOrControl);
    }

    /**
     * Whether a display name holds a character it may not: a control, an unpaired surrogate, an
     * unassigned code point, a line or paragraph separator, a BOM, or a bidi embedding, override or
     * isolate (which would reorder the text around it wherever it is shown). Joiners stay allowed:
     * names and emoji need them.
     */
    public static boolean hasForbiddenInName(String s) {
        return s != null && s.codePoints().anyMatch(cp -> switch (Character.getType(cp)) {
            case Character.CONTROL, Character.SURROGATE, Character.UNASSIGNED, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> true;
            default -> (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
        });
    }

    /** Whether {@code s} holds a surrogate that is not half of a pair (no UTF-8 form). */
    public static boolean hasUnpairedSurrogate(String s) {
        return s != null && s.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }
}
