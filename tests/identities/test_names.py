import pytest
from django.core.exceptions import ValidationError

from config.text import MAX_COMBINING_MARKS
from identities.models import ReservedName
from identities.names import check_rules, clean_display, lookalike_mix, name_key, validate_name
from tests.factories import IdentityFactory


def refusal(name, **kwargs):
    with pytest.raises(ValidationError) as caught:
        validate_name(name, **kwargs)
    return caught.value


def test_case_and_spacing_make_the_same_name():
    assert name_key("Wilson") == name_key("wilson") == name_key("Wilson ") == name_key(" WILSON")
    assert name_key("Mary  Ann") == name_key("mary ann") == name_key("Mary\tAnn")


def test_nfkc_forms_make_the_same_name():
    """Full-width letters, ligatures and compatibility characters fold to the plain name."""
    assert name_key("Ｗｉｌｓｏｎ") == name_key("wilson")
    assert name_key("ﬁnch") == name_key("finch")
    assert name_key("Ⅻ Club") == name_key("xii club")


def test_invisible_characters_do_not_make_a_new_name():
    assert name_key("Wil\u200bson") == name_key("Wilson")  # zero-width space
    assert name_key("Wilson\u202e") == name_key("Wilson")  # right-to-left override
    assert clean_display("  Wil\u200dson \n") == "Wilson"


def test_latin_mixed_with_cyrillic_or_greek_is_flagged():
    assert lookalike_mix("Wils\u043en") == ["CYRILLIC", "LATIN"]  # Cyrillic о
    assert lookalike_mix("P\u0430ypal") == ["CYRILLIC", "LATIN"]  # Cyrillic а
    assert lookalike_mix("\u0391dmin") == ["GREEK", "LATIN"]  # Greek capital alpha


def test_one_alphabet_at_a_time_is_fine():
    for name in [
        "Wilson",
        "Вильсон",
        "Σωκράτης",
        "山田太郎",
        "Zoë Ørsted",
        "Jürgen 42",
        "山田 Taro",
    ]:
        assert lookalike_mix(name) == [], name


@pytest.mark.django_db
def test_mixed_scripts_are_refused_with_a_reason():
    error = refusal("Wils\u043en")
    assert error.code == "name_mixed_scripts"
    assert "Cyrillic and Latin" in error.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["Wilson", "wilson", "Wilson ", " WILSON", "Ｗｉｌｓｏｎ", "Wil\u200bson"]
)
def test_a_name_someone_holds_is_refused_in_any_form(name):
    IdentityFactory(name="Wilson")
    assert refusal(name).code == "name_taken"


@pytest.mark.django_db
def test_an_identity_may_keep_its_own_name_in_another_case():
    wilson = IdentityFactory(name="Wilson")
    assert validate_name("WILSON", identity=wilson) == "WILSON"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["admin", "Admin", "ADMIN ", "Moderator", "moderator2", "Mod-erator", "The Commons"]
)
def test_reserved_names_are_refused(name):
    assert refusal(name).code == "name_reserved"


@pytest.mark.django_db
def test_the_blogs_own_name_is_reserved(settings):
    settings.BLOG_NAME = "Millbrook Notes"
    assert refusal("millbrook_notes").code == "name_reserved"


@pytest.mark.django_db
def test_staff_added_reserved_names_are_refused():
    ReservedName.objects.create(name="Mayor")
    assert refusal("mayor").code == "name_reserved"
    assert validate_name("Mayor Watch") == "Mayor Watch"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Badminton", "Root Beer", "Staffordshire", "Systematic"])
def test_names_that_merely_contain_a_reserved_word_are_fine(name):
    assert validate_name(name) == name


@pytest.mark.django_db
def test_length_limits_count_the_name_as_shown():
    assert refusal("A").code == "name_too_short"
    assert refusal(" A \u200b").code == "name_too_short"
    assert validate_name("Al") == "Al"
    assert validate_name("x" * 60) == "x" * 60
    error = refusal("x" * 61)
    assert error.code == "name_too_long" and "60 characters; this one has 61" in error.message


@pytest.mark.django_db
def test_a_name_needs_a_letter_or_digit():
    assert refusal("!!!").code == "name_no_letters"
    assert validate_name("42") == "42"


@pytest.mark.django_db
def test_check_rules_ignores_who_holds_the_name():
    IdentityFactory(name="Wilson")
    assert check_rules("wilson") == "wilson"


@pytest.mark.parametrize(
    "disguise",
    ["Wilson\u3164", "Wil\u034fson", "Wilson\ufe0f", "Wils\u115fon", "Wil\U000e0101son"],
)
def test_fillers_drawn_as_nothing_do_not_make_a_new_name(disguise):
    """Hangul fillers, the combining grapheme joiner, variation and tag characters are invisible."""
    assert clean_display(disguise) == "Wilson"
    assert name_key(disguise) == name_key("Wilson")


@pytest.mark.django_db
def test_a_name_in_look_alike_letters_of_one_other_alphabet_is_taken():
    IdentityFactory(name="Coco")
    with pytest.raises(ValidationError, match="taken"):
        validate_name("Сосо")  # all Cyrillic
    IdentityFactory(name="ορο")  # Greek letters that look like Latin "opo"
    with pytest.raises(ValidationError, match="taken"):
        validate_name("opo")


def test_a_tower_of_combining_marks_is_cut_short():
    shown = clean_display("Z" + "\u0301" * 40)
    assert shown.startswith("Ź") and len(shown) <= 1 + MAX_COMBINING_MARKS
    assert clean_display("Ngũgĩ") == "Ngũgĩ"
