"""The people of an import: accounts for authors and registered commenters, identities for
each name they commented under, guest identities per (name, e-mail address).

A mixin of `porting.importer.Importer` (it uses its remembered mapping, `_recall()` and
`_remember()`). Names are made acceptable, never refused: an import keeps every commenter.
"""

import functools
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from identities import avatars
from identities.models import Identity
from identities.names import MAX_LENGTH as NAME_MAX_LENGTH
from identities.names import check_rules, clean_display
from identities.names import name_key as _name_key

from .models import SourceRecord
from .records import Author

Kind = SourceRecord.Kind
BATCH = 500
# Comparing names is slow (character by character); a commenter's name comes up again and again.
name_key = functools.lru_cache(maxsize=50_000)(_name_key)


class People:
    # --- people --------------------------------------------------------------------------

    def _new_account(self, *, username: str, email: str = "", first="", last=""):
        User = get_user_model()
        base = (slugify(username) or "user")[:140]
        candidate, n = base, 1
        while User.objects.filter(username__iexact=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        user = User(username=candidate, email=email, first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.save()
        self.stats["accounts"] += 1
        return user

    def account_for_author(self, login: str):
        """The account of a WordPress author (by login), made the first time it is needed."""
        login = login or "wordpress"
        found = self._recall(Kind.USER, f"login:{login}")
        if found is not None:
            return found
        author = self.authors.get(login) or Author(source_id="", login=login)
        user = self._new_account(
            username=author.login,
            email=author.email,
            first=author.first_name,
            last=author.last_name,
        )
        self._remember(Kind.USER, f"login:{login}", user.pk)
        if author.source_id and self._recall(Kind.USER, f"id:{author.source_id}") is None:
            self._remember(Kind.USER, f"id:{author.source_id}", user.pk)
        self._identity_of_account(user.pk, author.display_name or author.login)
        return user.pk

    def account_for_commenter(self, user_id: str, *, name: str, email: str):
        """The account of a registered commenter (WordPress `comment_user_id`, a Disqus
        username): the author with that id where the file lists one, else a new account."""
        found = self._recall(Kind.USER, f"id:{user_id}")
        if found is not None:
            return found
        author = self.authors.get(f"id:{user_id}")
        if author is not None:
            return self.account_for_author(author.login)
        user = self._new_account(username=name or f"user-{user_id}", email=email)
        self._remember(Kind.USER, f"id:{user_id}", user.pk)
        return user.pk

    def _display_name(self, wanted: str) -> str:
        """A name nobody holds and every rule accepts, as close to `wanted` as may be: never
        refuses (an import keeps every commenter), numbers a clash ("Anna 2")."""
        display = clean_display(wanted)[:NAME_MAX_LENGTH].strip()
        try:
            display = check_rules(display)
        except ValidationError as error:
            if error.code == "name_reserved":
                display = f"{display[: NAME_MAX_LENGTH - 11]} (imported)"
            elif error.code == "name_too_short" and any(ch.isalnum() for ch in display):
                display = f"{display} (guest)"
            else:
                display = "Guest"
            try:
                display = check_rules(display)
            except ValidationError:
                display = "Guest"
        base, key = display, name_key(display)
        n = self._name_numbers.get(key, 1)
        candidate = display if n == 1 else f"{base[: NAME_MAX_LENGTH - 5]} {n}"
        while (
            name_key(candidate) in self._reserved_names
            or Identity.objects.filter(name_key=name_key(candidate)).exists()
        ):
            n += 1
            candidate = f"{base[: NAME_MAX_LENGTH - 5]} {n}"
        self._name_numbers[key] = n
        self._reserved_names.add(name_key(candidate))
        return candidate

    def _save_identity(self, identity) -> None:
        if self.dry_run:
            identity.avatar.name = "dry-run.png"  # draws and stores no picture
        identity.save()

    def _identity_of_account(self, user_id: int, name: str) -> int:
        source_id = f"user:{user_id}:{name_key(name)}"
        found = self._recall(Kind.IDENTITY, source_id)
        if found is not None:
            return found
        identity = Identity.objects.filter(user_id=user_id, name_key=name_key(name)).first()
        if identity is None:
            identity = Identity(
                user_id=user_id,
                name=self._display_name(name),
                is_default=self._takes_default(user_id),
            )
            self._save_identity(identity)
            self.stats["identities"] += 1
        self._remember(Kind.IDENTITY, source_id, identity.pk)
        return identity.pk

    def identities_for(self, comments) -> dict[str, int]:
        """Each comment's identity, made where new, in a few queries per discussion.

        Registered commenters: one identity of their account per name they used. Guests: one
        guest identity per (name, e-mail), the address kept private, as the app's guests."""
        wanted, key_of = {}, {}
        for c in comments:
            name = c.author.strip() or "Anonymous"
            if c.user_id:
                account = self.account_for_commenter(c.user_id, name=name, email=c.email)
                key = f"user:{account}:{name_key(name)}"
                wanted.setdefault(key, (account, name, ""))
            else:
                email = c.email.strip()[:254]
                key = f"guest:{name_key(name)}:{email.lower()}"
                wanted.setdefault(key, (None, name, email))
            key_of[c.source_id] = key
        missing = [k for k in wanted if (Kind.IDENTITY, k) not in self._records]
        for start in range(0, len(missing), 5000):
            for source_id, object_id in SourceRecord.objects.filter(
                source=self.source, kind=Kind.IDENTITY, source_id__in=missing[start : start + 5000]
            ).values_list("source_id", "object_id"):
                self._records[(Kind.IDENTITY, source_id)] = object_id
        missing = [k for k in missing if (Kind.IDENTITY, k) not in self._records]
        if missing:
            self._make_identities(missing, wanted)
        return {sid: self._records[(Kind.IDENTITY, key)] for sid, key in key_of.items()}

    def _make_identities(self, keys, wanted) -> None:
        # An identity of the account under that name, or the guest with that name and address,
        # that is already here (made by hand, or by an import from another source).
        found = {}
        name_keys = sorted({name_key(wanted[k][1]) for k in keys})
        for start in range(0, len(name_keys), 5000):
            for pk, user_id, key, email in Identity.objects.filter(
                name_key__in=name_keys[start : start + 5000]
            ).values_list("pk", "user_id", "name_key", "email"):
                if user_id is not None:
                    found[f"user:{user_id}:{key}"] = pk
                elif email:
                    found[f"guest:{key}:{email.lower()}"] = pk
        made = []
        for k in keys:
            if k in found:
                self._records[(Kind.IDENTITY, k)] = found[k]
                continue
            account, name, email = wanted[k]
            identity = Identity(user_id=account, name=self._display_name(name), email=email)
            identity.name_key = name_key(identity.name)
            if account is not None:
                identity.is_default = self._takes_default(account)
                self.stats["identities"] += 1
            else:
                self.stats["guests"] += 1
            made.append((k, identity))
        identities = [identity for _, identity in made]
        if self.dry_run:
            for identity in identities:
                identity.avatar.name = "dry-run.png"  # draws and stores no picture
        else:
            # Drawing and storing the pictures is most of the cost of a new identity.
            with ThreadPoolExecutor(max_workers=4) as pool:
                # From a random seed, as every identity's (identities/avatars.py): never from the
                # address or the name, so a picture links nobody.
                drawn = pool.map(lambda _: avatars.generated(), identities)
                for identity, avatar in zip(identities, drawn, strict=True):
                    identity.avatar.name = avatar
        Identity.objects.bulk_create(identities, batch_size=BATCH)
        for k, identity in made:
            self._records[(Kind.IDENTITY, k)] = identity.pk
        SourceRecord.objects.bulk_create(
            [
                SourceRecord(source=self.source, kind=Kind.IDENTITY, source_id=k, object_id=pk)
                for k in keys
                for pk in [self._records[(Kind.IDENTITY, k)]]
            ],
            batch_size=BATCH,
        )

    def _takes_default(self, account: int) -> bool:
        """Whether a new identity of `account` becomes its default (its first one does)."""
        if account not in self._has_default:
            self._has_default[account] = Identity.objects.filter(
                user_id=account, is_default=True
            ).exists()
        if self._has_default[account]:
            return False
        self._has_default[account] = True
        return True
