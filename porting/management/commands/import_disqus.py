from porting import disqus
from porting.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a Disqus export: each thread's comments join the post it discussed (matched by "
        "the thread's identifier or address; import the WordPress posts first)."
    )
    source = "disqus"
    keep_ids = False

    def read(self, path):
        return disqus.read(path)

    def extra_lines(self, stats):
        if stats["threads without a post"]:
            return ["  Threads without a post: no post here has their address or identifier."]
        return []
