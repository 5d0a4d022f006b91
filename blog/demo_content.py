# Demo content for the community blog: one author, a set of commenters and posts.
# Pure data. Comment "minutes" are offsets from the post's publication time.

from __future__ import annotations

AUTHOR = {"username": "elsie_m", "name": "Elsie Marlowe"}

COMMENTERS = [
    "pedal_pat",
    "alder_st_bakery",
    "retired_engineer",
    "busrider42",
    "nightshift_nurse",
    "mapnerd",
    "oakhill_dad",
    "lindenave_resident",
    "fiscal_hawk",
    "rolling_advocate",
    "van_driver_88",
    "campus_commuter",
    "councilwatch",
    "new_in_town",
    "bookworm_bea",
    "pta_treasurer",
    "quiet_streets",
    "fairgrounds_neighbor",
]

POSTS = [
    {
        "slug": "who-benefits-from-the-alder-street-bike-lanes",
        "title": "Who actually benefits from the Alder Street bike lanes?",
        "published": "2025-03-14T08:30:00",
        "excerpt": (
            "Six months after the paint went down on Alder Street, the counts are up, "
            "some shops are hurting and everyone has an opinion. Here is what we know so far."
        ),
        "body": """## Six months in

It has been six months since the city repainted Alder Street between the river and Fifth Avenue, and few decisions in recent memory have filled my inbox like this one. I have heard from shop owners, parents, delivery drivers, a retired traffic engineer and at least one reader who wanted me to know, in capital letters, that they will *never* ride a bicycle. All of them care about the same street. That seems like a good place to start.

This post is not an endorsement or a takedown. It is an attempt to put the facts we have in one place, and to ask the question that gets lost in the shouting: **who actually benefits from the lanes, and who pays for them?**

## What changed

For anyone who hasn't been down Alder lately, here is the short version:

- Fourteen on-street parking spaces were removed between Second and Fourth.
- A painted five-foot bike lane now runs in each direction, with a two-foot buffer on some blocks.
- Two bus stops were moved onto small boarding islands.
- The speed limit dropped from 30 to 25 miles per hour.

The full staff report, including the before-and-after counts, is posted on the [city's project page](https://example.org/millbrook/alder-street-report). It is long, but the appendix tables are worth your time.

## The numbers so far

The city's automatic counters recorded about 140 bike trips a day on Alder in the fall before the project and about 410 a day in the same weeks after it. Reported crashes on the corridor fell from nine in the six months before the project to four in the six months since. Those are encouraging figures, but they are also small ones, and a single bad winter could swing them.

Meanwhile, several businesses between Second and Fourth say their sales dipped during construction and have not fully recovered. Others say they are busier than ever. Both things can be true at once.

## What I keep hearing

One message from a longtime reader has stayed with me:

> I don't hate bikes. I hate being told that something is good for me by people who don't have to live with it.

That is a fair point, and it cuts in more than one direction. The nurse who rides home at three in the morning lives with Alder Street too. So does the family on Linden Avenue that now sees more cut-through traffic, and the wheelchair user who needs the new boarding islands to be built properly.

## What comes next

The council voted 4–3 to keep the lanes for an eighteen-month evaluation period. The public works committee will take comments on possible changes, including loading zones and more physical separation, before the next budget cycle.

So tell me: if you use Alder Street, what has changed for you? If you have data, share it. If you disagree with someone, quote them and explain why. The comments are open, and I will be reading and answering as I can. Please keep it *heated but civil*: this is a neighborhood, and we will all be waiting at the same crosswalk tomorrow.
""",
        "comments": [
            {
                "by": "alder_st_bakery",
                "minutes": 22,
                "body": (
                    "I own the bakery at Alder and Third, so I'll say what a lot of us on the "
                    "block are thinking. We lost the two spaces right in front of the shop, and "
                    "our weekday morning sales are down about 12% from the same months last year. "
                    "Maybe that's the lanes, maybe it's the price of butter. But nobody from the "
                    "city asked us *before* the paint went down, and that still stings."
                ),
                "replies": [
                    {
                        "by": "pedal_pat",
                        "minutes": 40,
                        "body": (
                            "> nobody from the city asked us before the paint went down\n\n"
                            "That part is a legitimate complaint, and I'm sorry it happened that way. "
                            "But the research on this is pretty consistent: people who arrive on foot "
                            "or by bike visit more often and spend more *per month* than drivers, even "
                            "if each visit is smaller. There's a decent summary "
                            "[here](https://example.org/research/street-retail-spending)."
                        ),
                        "replies": [
                            {
                                "by": "alder_st_bakery",
                                "minutes": 55,
                                "body": (
                                    "> spend more per month\n\n"
                                    'Respectfully, "per month" doesn\'t pay my rent on the first. '
                                    "Half of my morning regulars are over seventy. They are not "
                                    "switching to a bicycle at this stage of life, and a few of them "
                                    "have told me they're going to the supermarket bakery out on "
                                    "Route 9 now, because it has a parking lot."
                                ),
                                "replies": [
                                    {
                                        "by": "mapnerd",
                                        "minutes": 71,
                                        "body": (
                                            "I did some counting of my own, for what it's worth. I walked "
                                            "Second through Fourth at 8am, noon and 5pm on ten weekdays in "
                                            "the fall before the project. The fourteen spaces that were "
                                            "removed averaged about **40% occupancy**, and the side streets "
                                            "within a block had open spots at every single count.\n\n"
                                            "Raw numbers are in a spreadsheet if anyone wants them: "
                                            "[parking counts](https://example.org/mapnerd/alder-parking-counts)."
                                        ),
                                        "replies": [
                                            {
                                                "by": "alder_st_bakery",
                                                "minutes": 90,
                                                "body": (
                                                    "I appreciate the legwork, honestly. But weekday "
                                                    "averages hide exactly the hours that matter to me. "
                                                    "Saturday from 8 to 11 is a third of my week's sales, "
                                                    "and on Saturday mornings those spaces were *full*. "
                                                    "Did you count weekends?"
                                                ),
                                                "replies": [
                                                    {
                                                        "by": "retired_engineer",
                                                        "minutes": 118,
                                                        "body": (
                                                            "She has a point, and it's a common blind spot "
                                                            "in parking studies. Averages flatten the peak, "
                                                            "and the peak is where a small business lives "
                                                            "or dies.\n\n"
                                                            "There are cheap fixes that don't require "
                                                            "pulling the lanes out:\n\n"
                                                            "1. Make the first space on each side street a "
                                                            "20-minute spot.\n"
                                                            "2. Add a morning loading zone at the Third "
                                                            "Street corner.\n"
                                                            "3. Put accessible parking within half a block "
                                                            "of the busiest storefronts.\n\n"
                                                            "None of that costs more than signs and paint. "
                                                            "I proposed something similar in another town "
                                                            "when I was still working, and it took the "
                                                            "temperature down considerably."
                                                        ),
                                                        "replies": [
                                                            {
                                                                "by": "alder_st_bakery",
                                                                "minutes": 140,
                                                                "body": (
                                                                    "I would take that deal tomorrow. "
                                                                    "Twenty-minute spots on Third would cover "
                                                                    "most of my regulars. Who do I actually "
                                                                    "ask? I've sent two emails to the general "
                                                                    "city inbox and heard nothing back."
                                                                ),
                                                                "replies": [
                                                                    {
                                                                        "by": "elsie_m",
                                                                        "minutes": 152,
                                                                        "body": (
                                                                            "The right door is the Public Works "
                                                                            "and Transportation Committee, not "
                                                                            "the general inbox. They take public "
                                                                            "comment at the start of every "
                                                                            "meeting, and they're collecting "
                                                                            "suggestions for the Alder evaluation "
                                                                            "right now. The online form is "
                                                                            "[here](https://example.org/millbrook/public-works-comment). "
                                                                            "If you like, I'm happy to include "
                                                                            "your suggestion in my next post so "
                                                                            "it gets a little more daylight."
                                                                        ),
                                                                        "replies": [
                                                                            {
                                                                                "by": "councilwatch",
                                                                                "minutes": 190,
                                                                                "body": (
                                                                                    "Adding to that: the next "
                                                                                    "committee meeting is the second "
                                                                                    "Tuesday of April, 6:30pm, in "
                                                                                    "council chambers. Alder is on "
                                                                                    "the draft agenda as item "
                                                                                    "`PW-2025-14`. Speakers get "
                                                                                    "**three minutes**, and a "
                                                                                    "one-page handout helps a lot, "
                                                                                    "because the members actually "
                                                                                    "read them. Bring some of your "
                                                                                    "regulars if you can. A room "
                                                                                    "full of seventy-year-olds asking "
                                                                                    "for short-term parking is hard "
                                                                                    "to ignore."
                                                                                ),
                                                                                "replies": [
                                                                                    {
                                                                                        "by": "alder_st_bakery",
                                                                                        "minutes": 230,
                                                                                        "body": (
                                                                                            "Done. I'll bring the "
                                                                                            "handout, the regulars "
                                                                                            "and a tray of cinnamon "
                                                                                            "knots. Nobody ignores "
                                                                                            "cinnamon knots."
                                                                                        ),
                                                                                        "replies": [],
                                                                                    },
                                                                                ],
                                                                            },
                                                                        ],
                                                                    },
                                                                ],
                                                            },
                                                        ],
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "by": "oakhill_dad",
                        "minutes": 260,
                        "body": (
                            "For the record, my two kids and I now ride to your bakery every Saturday, "
                            "because Alder finally feels safe enough for an eight-year-old. We used to "
                            "drive to the one on Route 9. So at least one family went the *other* "
                            "direction."
                        ),
                        "replies": [
                            {
                                "by": "alder_st_bakery",
                                "minutes": 300,
                                "body": (
                                    "Then I probably know you: two helmets, one of them with dinosaur "
                                    "spikes? Thank you. I mean that. I want both kinds of customers, "
                                    "that's all I've been saying."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "retired_engineer",
                "minutes": 35,
                "body": (
                    "I spent thirty-one years designing roads, so forgive me for looking at this "
                    "like an engineer. The problem with Alder isn't that there are bike lanes. It's "
                    "that the lanes sit right in the *door zone*. A five-foot lane next to parked "
                    "cars puts a rider exactly where a car door swings open, and on most of the "
                    "corridor there's no buffer at all.\n\n"
                    "If we're going to do this, let's do it properly."
                ),
                "replies": [
                    {
                        "by": "pedal_pat",
                        "minutes": 62,
                        "body": (
                            "Agreed on the door zone, and I've had a couple of close calls myself. "
                            "But paint is a start. Two years ago there was nothing at all, and the "
                            "council was never going to approve concrete on the first try."
                        ),
                        "replies": [
                            {
                                "by": "retired_engineer",
                                "minutes": 80,
                                "body": (
                                    "> paint is a start\n\n"
                                    "In my experience, paint is usually also where it ends. Once the "
                                    'ribbon is cut, the project is "done" in everyone\'s mind and the '
                                    "money moves on to the next ribbon. If we want separation, we need "
                                    "to ask for it *now*, while the evaluation is open."
                                ),
                                "replies": [
                                    {
                                        "by": "fiscal_hawk",
                                        "minutes": 101,
                                        "body": (
                                            'And who pays for this "proper" version? We\'ve already spent '
                                            "$1.8 million on paint and signs. Now we're told it isn't good "
                                            "enough and needs concrete. This is how every city project "
                                            "works: a cheap first phase to get a foot in the door, then an "
                                            "expensive second phase nobody voted for."
                                        ),
                                        "replies": [
                                            {
                                                "by": "mapnerd",
                                                "minutes": 125,
                                                "body": (
                                                    "Physical separation doesn't have to mean poured "
                                                    "concrete. Rough figures from the city's own "
                                                    "unit-cost sheet:\n\n"
                                                    "- Flexible delineator posts: about `$4,000` per "
                                                    "block face\n"
                                                    "- Precast concrete curbs: about `$18,000` per block "
                                                    "face\n"
                                                    "- Raised, cast-in-place lane: `$150,000+` per block "
                                                    "face\n\n"
                                                    "Posts along the whole corridor would come to well "
                                                    "under 5% of what's already been spent."
                                                ),
                                                "replies": [
                                                    {
                                                        "by": "fiscal_hawk",
                                                        "minutes": 150,
                                                        "body": (
                                                            "I've watched flex posts on the Route 9 "
                                                            "on-ramp. They last about a week before a "
                                                            "snowplow or a delivery truck flattens them, "
                                                            "and then they sit there, broken, for a year. "
                                                            "Cheap to install isn't the same thing as "
                                                            "cheap to own."
                                                        ),
                                                        "replies": [
                                                            {
                                                                "by": "retired_engineer",
                                                                "minutes": 175,
                                                                "body": (
                                                                    "That's actually the best argument in "
                                                                    "this thread, and it points *toward* "
                                                                    "the precast curbs rather than away "
                                                                    "from separation. Posts have a "
                                                                    "replacement cycle measured in months. "
                                                                    "Precast curbs last fifteen or twenty "
                                                                    "years and survive plowing if they're "
                                                                    "set back properly. Over the life of "
                                                                    "the project the curbs come out "
                                                                    "cheaper. Ask the city for a lifecycle "
                                                                    "cost comparison, not just the "
                                                                    "installation price."
                                                                ),
                                                                "replies": [
                                                                    {
                                                                        "by": "fiscal_hawk",
                                                                        "minutes": 205,
                                                                        "body": (
                                                                            "Fine. If the city can show me "
                                                                            "lifecycle numbers and they hold "
                                                                            "up, I'd support curbs over "
                                                                            "another round of posts we'll be "
                                                                            "replacing forever. My objection "
                                                                            "was never to bikes. It's to "
                                                                            "spending money twice."
                                                                        ),
                                                                        "replies": [
                                                                            {
                                                                                "by": "pedal_pat",
                                                                                "minutes": 228,
                                                                                "body": (
                                                                                    "I think that might be the "
                                                                                    "first time you and I have "
                                                                                    "agreed on anything. I'll "
                                                                                    "take it."
                                                                                ),
                                                                                "replies": [
                                                                                    {
                                                                                        "by": "fiscal_hawk",
                                                                                        "minutes": 250,
                                                                                        "body": "Don't get used to it.",
                                                                                        "replies": [],
                                                                                    },
                                                                                ],
                                                                            },
                                                                        ],
                                                                    },
                                                                ],
                                                            },
                                                        ],
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "by": "elsie_m",
                        "minutes": 95,
                        "body": (
                            "I asked the city about this last week. Their answer: the lanes are five "
                            "feet wide everywhere, with a two-foot painted buffer on the blocks where "
                            "the street is wide enough. I'm told that's two of the six blocks. I'll "
                            "post the full response once I have it in writing."
                        ),
                        "replies": [
                            {
                                "by": "retired_engineer",
                                "minutes": 130,
                                "body": (
                                    "Two of six matches what I measured with my tape. And the four "
                                    "blocks without a buffer are the ones with the most parking "
                                    "turnover, which is backwards. Those are the blocks that need it "
                                    "most."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "rolling_advocate",
                "minutes": 48,
                "body": (
                    "I use a power wheelchair, and nobody ever seems to ask people like me about "
                    "street projects, so here goes. The new curb ramps at Second and Third are "
                    "*excellent*: smooth, flush, the right slope. The boarding island at Fourth is a "
                    "different story. The ramp from the crosswalk up onto the island is steep enough "
                    "that I nearly tipped backward the first time I used it."
                ),
                "replies": [
                    {
                        "by": "busrider42",
                        "minutes": 70,
                        "body": (
                            "That's my stop. I've been uneasy about the islands for a different reason: "
                            "you have to cross the bike lane to reach the bus. With a stroller and "
                            "groceries, that's a lot to juggle while watching for bikes."
                        ),
                        "replies": [
                            {
                                "by": "rolling_advocate",
                                "minutes": 99,
                                "body": (
                                    "Honestly, floating bus stops can work well when they're built "
                                    "right. I've used good ones in other cities: the crossing is raised, "
                                    "the markings are clear, and riders slow down without thinking "
                                    "about it. The problem at Fourth isn't the concept, it's the "
                                    "execution. The slope is wrong, and the crossing is just paint at "
                                    "street level."
                                ),
                                "replies": [
                                    {
                                        "by": "pedal_pat",
                                        "minutes": 120,
                                        "body": (
                                            "For what it's worth, the rule is clear: people on bikes "
                                            "**must** yield to pedestrians at the island crossings. It's "
                                            "right there on the sign."
                                        ),
                                        "replies": [
                                            {
                                                "by": "rolling_advocate",
                                                "minutes": 146,
                                                "body": (
                                                    "> people on bikes must yield\n\n"
                                                    '"Must" and "do" are two very different words. '
                                                    "I've sat at that crossing and watched twelve riders "
                                                    "in a row go through without slowing while I waited. "
                                                    "Signs don't change behavior. Design does."
                                                ),
                                                "replies": [
                                                    {
                                                        "by": "campus_commuter",
                                                        "minutes": 170,
                                                        "body": (
                                                            "I'll own this one. I'm probably one of those "
                                                            "twelve. I'm always late for my 8:10 class and "
                                                            "I honestly never thought about that crossing "
                                                            "as a crossing. Reading this, I feel pretty "
                                                            "bad. I'll start stopping."
                                                        ),
                                                        "replies": [
                                                            {
                                                                "by": "rolling_advocate",
                                                                "minutes": 185,
                                                                "body": (
                                                                    "Thank you. Genuinely. That's more "
                                                                    "than I expected from a comment section."
                                                                ),
                                                                "replies": [],
                                                            },
                                                        ],
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "by": "elsie_m",
                        "minutes": 160,
                        "body": (
                            "This is exactly the kind of perspective that gets lost. Would you be "
                            "willing to talk with me for a follow-up post on accessibility along the "
                            "corridor? I'd like to measure the ramp at Fourth and send the numbers to "
                            "the city along with your experience."
                        ),
                        "replies": [
                            {
                                "by": "rolling_advocate",
                                "minutes": 200,
                                "body": (
                                    "Yes, happily. Bring a level. I suspect it's well past the `1:12` "
                                    "maximum slope."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "fiscal_hawk",
                "minutes": 60,
                "body": (
                    "Let's talk about money, since nobody else wants to. $1.8 million for roughly a "
                    "mile of paint. How many people does that actually serve? I keep hearing "
                    '"hundreds of riders", but I drive Alder every day and I see maybe a dozen.'
                ),
                "replies": [
                    {
                        "by": "mapnerd",
                        "minutes": 88,
                        "body": (
                            "The city's automatic counters recorded about 140 bike trips a day in the "
                            "fall before the project and about 410 a day in the same weeks after "
                            "(Table 4 in the staff report). A dozen is roughly what you'd see on a "
                            "single drive, because you only pass any given point once."
                        ),
                        "replies": [
                            {
                                "by": "fiscal_hawk",
                                "minutes": 110,
                                "body": (
                                    "Were both counts taken at the same time of year? Bike counts in "
                                    "September and bike counts in March are two different animals."
                                ),
                                "replies": [
                                    {
                                        "by": "mapnerd",
                                        "minutes": 135,
                                        "body": (
                                            "Fair question, and I checked: both counts cover the last "
                                            "two weeks of September, a year apart, with similar weather. "
                                            "It isn't perfect, since students were back both years and "
                                            "that inflates things a bit, but it's apples to apples."
                                        ),
                                        "replies": [
                                            {
                                                "by": "fiscal_hawk",
                                                "minutes": 165,
                                                "body": (
                                                    "All right. That's a real increase. I still want to "
                                                    "see the cost per trip, but I'll stop saying \"a "
                                                    'dozen."'
                                                ),
                                                "replies": [],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "by": "councilwatch",
                        "minutes": 140,
                        "body": (
                            "Also: the $1.8 million figure includes the full repaving of Alder, which "
                            "was already scheduled regardless of the lanes. The lane-specific portion "
                            "was much smaller."
                        ),
                        "replies": [
                            {
                                "by": "fiscal_hawk",
                                "minutes": 180,
                                "body": (
                                    "Source? I've seen $1.8 million in the paper three times and "
                                    "nobody mentioned repaving."
                                ),
                                "replies": [
                                    {
                                        "by": "councilwatch",
                                        "minutes": 200,
                                        "body": (
                                            "Capital improvement plan, line 37 for the repaving and line "
                                            "52 for the lanes: "
                                            "[budget page](https://example.org/millbrook/capital-plan-2024). "
                                            "The paper lumped them together in one article and everyone "
                                            "has been quoting it since."
                                        ),
                                        "replies": [
                                            {
                                                "by": "elsie_m",
                                                "minutes": 230,
                                                "body": (
                                                    "I double-checked this with the finance office this "
                                                    "morning. Of the $1.8 million, about $1.1 million was "
                                                    "repaving that would have happened anyway, and about "
                                                    "$700,000 was the lane project itself: paint, signs, "
                                                    "signal changes and the two boarding islands. I'll add "
                                                    "a correction to the post."
                                                ),
                                                "replies": [
                                                    {
                                                        "by": "fiscal_hawk",
                                                        "minutes": 262,
                                                        "body": (
                                                            "Then it's $700,000. Still real money, but I'll "
                                                            "concede that's a different conversation than "
                                                            "$1.8 million. Thank you for actually checking."
                                                        ),
                                                        "replies": [],
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "nightshift_nurse",
                "minutes": 75,
                "body": (
                    "I work nights at the hospital and ride home on Alder around 3am. Before the "
                    "lanes I rode on the sidewalk because I was scared of people doing 45 in a 30. "
                    "Now I ride in the street. The one thing I'd ask for is *lighting*. The stretch "
                    "between Fourth and Fifth is pitch black, and the lane markings disappear."
                ),
                "replies": [
                    {
                        "by": "van_driver_88",
                        "minutes": 115,
                        "body": (
                            "Night shift solidarity. I drive a bread and produce route and hit Alder "
                            "around 5am. I'll be honest: the bike lane is where I end up stopping, "
                            "because there's nowhere else to unload. I hate doing it. I know it forces "
                            "riders out into traffic."
                        ),
                        "replies": [
                            {
                                "by": "nightshift_nurse",
                                "minutes": 145,
                                "body": (
                                    "I understand the bind you're in, I really do. But swerving around "
                                    "a box truck into a traffic lane in the dark is the single scariest "
                                    "part of my ride. Last month a car pulled around a parked truck at "
                                    "the exact moment I did."
                                ),
                                "replies": [
                                    {
                                        "by": "van_driver_88",
                                        "minutes": 168,
                                        "body": (
                                            "I believe you, and I'm sorry. That's the part nobody sees "
                                            "from the driver's seat. For the record, I don't *want* to "
                                            "be in the lane. Give me a loading zone within fifty feet of "
                                            "the door and I'll use it every single time. Right now the "
                                            "nearest legal spot is around the corner, and I've got a hand "
                                            "truck and 300 pounds of flour."
                                        ),
                                        "replies": [
                                            {
                                                "by": "retired_engineer",
                                                "minutes": 195,
                                                "body": (
                                                    "This is where a curbside management plan earns its "
                                                    "keep. A common approach:\n\n"
                                                    "- Loading zones on every block face, active 5am to "
                                                    "11am\n"
                                                    "- Short-term parking in the same spaces after 11\n"
                                                    "- Enforcement that actually shows up\n\n"
                                                    "It costs almost nothing, and it removes the single "
                                                    "biggest reason people block the lane."
                                                ),
                                                "replies": [
                                                    {
                                                        "by": "van_driver_88",
                                                        "minutes": 220,
                                                        "body": (
                                                            "If that passed I'd buy the whole committee "
                                                            "coffee. Every driver I know would use it."
                                                        ),
                                                        "replies": [
                                                            {
                                                                "by": "nightshift_nurse",
                                                                "minutes": 240,
                                                                "body": (
                                                                    "And I'd stop having my heart in my "
                                                                    "throat at 3am. Let's both show up to "
                                                                    "the April meeting."
                                                                ),
                                                                "replies": [],
                                                            },
                                                        ],
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "by": "pedal_pat",
                        "minutes": 128,
                        "body": (
                            "Re lighting: the city has a streetlight request form, and a few of us got "
                            "two dead lights on Pine fixed that way last year. Also, and I say this with "
                            "love, a good rear light with a daytime flash mode is worth every penny on a "
                            "ride like yours."
                        ),
                        "replies": [
                            {
                                "by": "nightshift_nurse",
                                "minutes": 150,
                                "body": (
                                    "I've got the lights, promise! The problem is that I can't see the "
                                    "road, not that drivers can't see me. But I'll file the streetlight "
                                    "request tonight."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "busrider42",
                "minutes": 90,
                "body": (
                    "Nobody's mentioned the bus. I ride the 7 down Alder twice a day. Since the "
                    "lanes went in, the bus stops in the travel lane at the islands instead of "
                    "pulling over to the curb, and my commute *feels* longer. Is it, or am I "
                    "imagining it?"
                ),
                "replies": [
                    {
                        "by": "mapnerd",
                        "minutes": 130,
                        "body": (
                            "The transit agency publishes stop-level running times. The average trip "
                            "on the 7 between the river and Fifth got about 40 seconds longer after the "
                            "project. Not nothing, but smaller than it feels. Interestingly, buses no "
                            "longer have to wait for a gap to pull back out from the curb, which saves "
                            "time at each stop."
                        ),
                        "replies": [
                            {
                                "by": "busrider42",
                                "minutes": 155,
                                "body": (
                                    "40 seconds on average, sure. But the 5:15pm is the one I take, and "
                                    "it feels a lot worse than average. Averages again, like the bakery "
                                    "owner said upthread."
                                ),
                                "replies": [
                                    {
                                        "by": "mapnerd",
                                        "minutes": 172,
                                        "body": (
                                            "Good point, and the data lets you check. For the 5:15 "
                                            "specifically it's closer to a minute and a half. Peak-hour "
                                            "trips are taking most of the hit."
                                        ),
                                        "replies": [],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "by": "elsie_m",
                        "minutes": 176,
                        "body": (
                            "I've sent the question to the transit agency: are they considering signal "
                            "priority for the 7 at Third and Fourth? That's the usual fix for exactly "
                            "this. I'll share their answer when I get one."
                        ),
                        "replies": [],
                    },
                ],
            },
            {
                "by": "lindenave_resident",
                "minutes": 110,
                "body": (
                    "I live on Linden, one block over. Since Alder went to one lane each way with "
                    "the lower speed limit, we've had a noticeable increase in cars cutting through "
                    "to avoid it. Kids play in the street here. This was a quiet block. Now it isn't."
                ),
                "replies": [
                    {
                        "by": "retired_engineer",
                        "minutes": 140,
                        "body": (
                            "Traffic diversion after a project like this is real, and it's a fair "
                            "concern. It typically peaks in the first few months and then settles, as "
                            "drivers discover the side streets aren't actually faster. But *typically* "
                            "isn't *always*."
                        ),
                        "replies": [
                            {
                                "by": "lindenave_resident",
                                "minutes": 160,
                                "body": (
                                    "> It typically peaks in the first few months and then settles\n\n"
                                    "\"Typically settles\" isn't very comforting when it's my "
                                    "seven-year-old on a scooter. I'm not against the bike lanes. I just "
                                    "don't want my street to be the release valve."
                                ),
                                "replies": [
                                    {
                                        "by": "oakhill_dad",
                                        "minutes": 185,
                                        "body": (
                                            "Same thing happened on Oak Hill Road. What worked for us "
                                            "was speed humps. It took a while, but the cut-through "
                                            "traffic mostly dried up once the shortcut stopped being a "
                                            "shortcut."
                                        ),
                                        "replies": [
                                            {
                                                "by": "lindenave_resident",
                                                "minutes": 210,
                                                "body": "How did you get them? A petition? Calling the council?",
                                                "replies": [
                                                    {
                                                        "by": "councilwatch",
                                                        "minutes": 236,
                                                        "body": (
                                                            "There's a formal traffic calming process. "
                                                            "Roughly:\n\n"
                                                            "1. Submit a request to public works.\n"
                                                            "2. They run a speed and volume study (usually "
                                                            "four to six weeks).\n"
                                                            "3. If the street qualifies, you need "
                                                            "signatures from **60% of households** on the "
                                                            "block.\n"
                                                            "4. It goes on the construction list.\n\n"
                                                            "The form is on the "
                                                            "[traffic calming page](https://example.org/millbrook/traffic-calming). "
                                                            "If volumes really jumped, Linden almost "
                                                            "certainly qualifies."
                                                        ),
                                                        "replies": [
                                                            {
                                                                "by": "lindenave_resident",
                                                                "minutes": 265,
                                                                "body": (
                                                                    "This is incredibly helpful. I'll "
                                                                    "start knocking on doors this weekend. "
                                                                    "Thank you."
                                                                ),
                                                                "replies": [
                                                                    {
                                                                        "by": "oakhill_dad",
                                                                        "minutes": 290,
                                                                        "body": (
                                                                            "Happy to come along and tell "
                                                                            "your neighbors how it went on "
                                                                            "Oak Hill. People trust a "
                                                                            "neighbor more than a form."
                                                                        ),
                                                                        "replies": [],
                                                                    },
                                                                ],
                                                            },
                                                        ],
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "new_in_town",
                "minutes": 130,
                "body": (
                    "I moved here in January from a city with a real bike network, so take this "
                    "with a grain of salt. First impression: Alder is good for a *first* lane. "
                    "Second impression: it connects to nothing. You ride five blocks in relative "
                    "comfort and then you're dumped onto Fifth Avenue with four lanes of traffic."
                ),
                "replies": [
                    {
                        "by": "fiscal_hawk",
                        "minutes": 150,
                        "body": (
                            "With respect, every newcomer wants Millbrook to turn into wherever they "
                            "came from. Some of us chose this town because it isn't that."
                        ),
                        "replies": [
                            {
                                "by": "new_in_town",
                                "minutes": 175,
                                "body": (
                                    "That's a fair hit, and I'm trying hard not to be that person. But "
                                    "I'm not asking Millbrook to be somewhere else. I'm asking for the "
                                    "lane to reach the library and the grocery store. That seems pretty "
                                    "Millbrook to me."
                                ),
                                "replies": [
                                    {
                                        "by": "oakhill_dad",
                                        "minutes": 198,
                                        "body": (
                                            "Welcome, for what it's worth. And you're right about Fifth; "
                                            "see my comment about the gap at the bridge."
                                        ),
                                        "replies": [],
                                    },
                                    {
                                        "by": "fiscal_hawk",
                                        "minutes": 215,
                                        "body": (
                                            'Fair enough. "Reach the grocery store" I can live with. '
                                            "Welcome to town."
                                        ),
                                        "replies": [],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "campus_commuter",
                "minutes": 150,
                "body": (
                    "Student perspective: a campus parking permit costs $640 a year. That's a month "
                    "of rent for me. The Alder lanes are the reason I sold my car this fall. I'm not "
                    'a "cyclist" in any serious sense. I\'m just broke, and the lane makes it feel '
                    "okay."
                ),
                "replies": [
                    {
                        "by": "alder_st_bakery",
                        "minutes": 190,
                        "body": (
                            "Students are half my afternoon rush, so I'm glad it works for you. Come by "
                            "after your afternoon classes: day-old bread is half off after two."
                        ),
                        "replies": [
                            {
                                "by": "campus_commuter",
                                "minutes": 205,
                                "body": "You did not need to tell me that. My budget is in danger now.",
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "oakhill_dad",
                "minutes": 170,
                "body": (
                    "The biggest problem isn't Alder itself. It's that the lane ends abruptly at "
                    "Fifth, right before the bridge. My kids can ride Alder. They can't ride the last "
                    "three blocks to school. So we still drive two days a week."
                ),
                "replies": [
                    {
                        "by": "pedal_pat",
                        "minutes": 195,
                        "body": (
                            "Completely agree. The gap at Fifth is the weakest link in the whole "
                            "network. A lane that ends exactly where the street gets scary is almost "
                            "worse than no lane at all."
                        ),
                        "replies": [
                            {
                                "by": "retired_engineer",
                                "minutes": 215,
                                "body": (
                                    "The gap isn't an oversight, for what it's worth. The bridge deck is "
                                    "38 feet curb to curb, and you can't fit two travel lanes and two "
                                    "bike lanes at standard widths on it. The bridge is the constraint, "
                                    "not the planners."
                                ),
                                "replies": [
                                    {
                                        "by": "elsie_m",
                                        "minutes": 245,
                                        "body": (
                                            "And that bridge is due for rehabilitation in 2027, "
                                            "according to the state project list. If residents want "
                                            "bike lanes on it, the design phase is the time to speak up, "
                                            "probably sometime next year. I'll keep an eye on it and "
                                            "post when comments open."
                                        ),
                                        "replies": [
                                            {
                                                "by": "oakhill_dad",
                                                "minutes": 275,
                                                "body": (
                                                    "Please do. 2027 is the year my youngest starts "
                                                    "middle school."
                                                ),
                                                "replies": [],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "councilwatch",
                "minutes": 200,
                "body": (
                    "Since a few people asked, a short recap of the council meeting where this was "
                    "decided:\n\n"
                    "- The vote was **4–3** to keep the lanes for an 18-month evaluation.\n"
                    "- Staff will report back quarterly.\n"
                    "- The criteria include crash counts, bike and bus volumes, sales tax receipts "
                    "from the corridor, and side-street traffic.\n\n"
                    "The video is in the city's "
                    "[meeting archive](https://example.org/millbrook/council-video); the item starts "
                    "around 1:42:00."
                ),
                "replies": [
                    {
                        "by": "fiscal_hawk",
                        "minutes": 232,
                        "body": (
                            "Good. I want the criteria written down *before* the data comes in, so "
                            "nobody can move the goalposts afterward. Whichever side wins shouldn't "
                            "get to decide what counts as winning."
                        ),
                        "replies": [
                            {
                                "by": "councilwatch",
                                "minutes": 255,
                                "body": (
                                    "They are written down, in Appendix C of the staff report, with "
                                    "targets. For example `crashes: -25%` and `side-street volume: "
                                    "+15% max`. Whether anyone holds the council to them is a separate "
                                    "question."
                                ),
                                "replies": [
                                    {
                                        "by": "lindenave_resident",
                                        "minutes": 280,
                                        "body": (
                                            "> side-street volume: +15% max\n\n"
                                            "I'd bet we're well past that on Linden. Now I *really* want "
                                            "that traffic study."
                                        ),
                                        "replies": [],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "mapnerd",
                "minutes": 220,
                "body": (
                    "Crash data, since people keep asking. Six months before the project: 9 reported "
                    "crashes on the corridor (2 involving bikes, 1 involving a pedestrian). Six months "
                    "after: 4 (1 bike, 0 pedestrians). That looks great, but *please* don't overread "
                    "it. With numbers this small, random variation can swamp everything."
                ),
                "replies": [
                    {
                        "by": "retired_engineer",
                        "minutes": 250,
                        "body": (
                            "Correct, and thank you for the caveat. We used to say three years before "
                            "and three years after, minimum, before drawing conclusions from crash "
                            "counts. Speeds are a better early signal. Do you have the 85th-percentile "
                            "speeds?"
                        ),
                        "replies": [
                            {
                                "by": "mapnerd",
                                "minutes": 270,
                                "body": (
                                    "I do: the 85th-percentile speed went from 37 mph to 31 mph. That's "
                                    "a much bigger sample, and I'm more comfortable calling it real."
                                ),
                                "replies": [
                                    {
                                        "by": "retired_engineer",
                                        "minutes": 295,
                                        "body": (
                                            "Six miles an hour at the 85th percentile is a very "
                                            "meaningful drop. That's the number I'd lead with."
                                        ),
                                        "replies": [],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "pedal_pat",
                "minutes": 300,
                "body": (
                    "I just want to say: I've been in a lot of online arguments about bike lanes, and "
                    "this is the first one where I learned something from almost every comment. The "
                    "loading zones, the bridge width, the crossing at Fourth. Thanks, everyone."
                ),
                "replies": [
                    {
                        "by": "elsie_m",
                        "minutes": 320,
                        "body": (
                            "Thank you, and thank you all. I'll be compiling the concrete suggestions "
                            "from this thread into a list for the public works committee. If you'd "
                            "rather your username be left off, just tell me."
                        ),
                        "replies": [],
                    },
                ],
            },
            {
                "by": "alder_st_bakery",
                "minutes": 39000,
                "body": (
                    "Update from the bakery: I went to the committee meeting with my handout, eight "
                    "regulars and two trays of cinnamon knots. They're going to pilot 20-minute "
                    "parking on Third and a morning loading zone starting next month. Not everything "
                    "I asked for, but a lot more than I expected. Thanks to whoever suggested "
                    "bringing people."
                ),
                "replies": [
                    {
                        "by": "van_driver_88",
                        "minutes": 39030,
                        "body": "A morning loading zone is the best news I've had all year. Coffee's on me.",
                        "replies": [],
                    },
                    {
                        "by": "councilwatch",
                        "minutes": 39075,
                        "body": "That was me. So glad it worked! It almost always does.",
                        "replies": [],
                    },
                    {
                        "by": "nightshift_nurse",
                        "minutes": 39400,
                        "body": (
                            "Fantastic news. Now if we could just get those streetlights between "
                            "Fourth and Fifth... (request filed, still waiting)."
                        ),
                        "replies": [],
                    },
                ],
            },
        ],
    },
    {
        "slug": "eastgate-branch-library-closure",
        "title": "The Eastgate library closure: what we know, and what we don't",
        "published": "2024-10-02T07:15:00",
        "excerpt": (
            "The library board has voted to close the Eastgate branch at the end of the year. "
            "A look at the numbers, the open questions and how to make your voice heard."
        ),
        "body": """## The short version

The Millbrook Public Library board voted 5–2 on Tuesday night to close the Eastgate branch on December 31 and move its collection, staff and programs to the main library downtown. The reason given was money. The Eastgate building needs a new roof and a new heating system, together estimated at $2.3 million, and the board says it cannot justify that cost for the least-visited branch in the system.

That is the official version. I spent the past week trying to find out what sits underneath it. Here is what I learned, what I couldn't pin down, and where you can weigh in.

## What we know

- Eastgate recorded about 62,000 visits last year, down roughly 30% from 2019.
- It is the only branch east of the rail line, and the only one open until 8pm on weekdays.
- Closing it would save an estimated $410,000 a year in operating costs, although most of the staff would transfer rather than be laid off.
- The building belongs to the city, not the library district, so the board does not decide what happens to it next.

## What we don't know

The board's resolution is silent on several questions that matter to the people who actually use the branch. Will the building be sold, leased or left empty? What happens to the twelve public computers, which staff told me are in use nearly every hour the branch is open? And will the bookmobile add a regular Eastgate stop, as one board member suggested but did not put in writing?

I asked the library administration all three questions. I was told the answers are "being developed." I will update this post when they are.

## Who uses a branch like this

Visit counts measure foot traffic. They do not measure need. I spent a Wednesday afternoon at Eastgate and saw a retired couple doing their taxes, three teenagers working on a group project, a man filling out a job application and a story time with fourteen toddlers and a great deal of noise. One of the parents put it plainly:

> Downtown is two buses and forty minutes each way. With a stroller, that's the whole afternoon. This place is ten minutes on foot.

The main library is a wonderful building. It is also *not* ten minutes from Eastgate on foot, and for a family without a car, that difference decides whether the library is part of their week or not.

## The money question

None of this means the board is wrong about the budget. A $2.3 million repair is real money for a district that has already cut hours twice since 2020, and every dollar spent on the Eastgate roof is a dollar not spent on books, staff or the main library's own long list of repairs. People who want Eastgate to stay open should be ready to say where that money would come from.

## What you can do

The board will hear public comment on the closure at its next meeting, on the third Tuesday of October at 7pm in the main library's community room. Written comments can be sent through the library's website, and the board has said it will read every one before any contract for moving the collection is signed. If you use Eastgate, tell them *how* you use it. Numbers got us here; stories might be what changes the picture.
""",
        "comments": [
            {
                "by": "bookworm_bea",
                "minutes": 30,
                "body": (
                    "I have been going to Eastgate since I was small enough to sit on the story-time "
                    "rug, and my own kids learned to read there. I understand that a roof costs money. "
                    "But closing the only branch on our side of the tracks feels like the district "
                    "deciding that our side of town is *optional*."
                ),
                "replies": [
                    {
                        "by": "fiscal_hawk",
                        "minutes": 75,
                        "body": (
                            "I love libraries, I really do. But $2.3 million for a building whose visits "
                            "are down 30% is a tough sell when the main library has its own repair list. "
                            "At some point the district has to make choices, and a branch nobody visits "
                            "is the obvious one."
                        ),
                        "replies": [
                            {
                                "by": "bookworm_bea",
                                "minutes": 110,
                                "body": (
                                    "> a branch nobody visits\n\n"
                                    "62,000 visits a year is not *nobody*. That's more than the minor "
                                    "league ballpark draws in a season, and nobody is proposing to close "
                                    "that."
                                ),
                                "replies": [
                                    {
                                        "by": "fiscal_hawk",
                                        "minutes": 150,
                                        "body": (
                                            'Fair. "Nobody" was lazy of me. I\'d still like to see the '
                                            "cost per visit compared across all the branches before I'm "
                                            "convinced either way."
                                        ),
                                        "replies": [],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "by": "elsie_m",
                        "minutes": 90,
                        "body": (
                            "Thank you for this. If you're willing, send it to the board as a written "
                            "comment. They really do read them, and personal history like yours tends to "
                            "land better than statistics."
                        ),
                        "replies": [],
                    },
                ],
            },
            {
                "by": "new_in_town",
                "minutes": 200,
                "body": (
                    "What happens to the computer lab? When I first moved to Millbrook I had no "
                    "internet at home for six weeks and did my entire job search from Eastgate. The "
                    "staff helped me reformat my résumé twice. That's not something a bookmobile can do."
                ),
                "replies": [
                    {
                        "by": "elsie_m",
                        "minutes": 240,
                        "body": (
                            "I asked. The current plan is to move the computers downtown, where there's "
                            "already a larger lab. Staff said they would also look at lending Wi-Fi "
                            "hotspots, but there's no budget line for that yet."
                        ),
                        "replies": [
                            {
                                "by": "busrider42",
                                "minutes": 300,
                                "body": (
                                    "Downtown is two buses from Eastgate, and the transfer at Central is "
                                    'a 20-minute wait on a good day. Moving the computers "downtown" '
                                    "means moving them out of reach for a lot of the people who use them."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "pta_treasurer",
                "minutes": 400,
                "body": (
                    "Has anyone asked about sharing space? Eastside Elementary is three blocks away "
                    "and has had an underused wing since enrollment dropped. A library branch inside a "
                    "school isn't perfect, but it beats no branch at all."
                ),
                "replies": [
                    {
                        "by": "councilwatch",
                        "minutes": 460,
                        "body": (
                            "The school board actually discussed putting a library branch in a school "
                            "back in 2019. It stalled over who pays for security and after-hours access. "
                            "Might be worth reviving. The minutes are "
                            "[here](https://example.org/millbrook/school-board-minutes-2019) if anyone "
                            "wants the history."
                        ),
                        "replies": [
                            {
                                "by": "pta_treasurer",
                                "minutes": 520,
                                "body": (
                                    "I had no idea. I'll bring it up at the next PTA meeting and see if "
                                    "we can get it onto the school board's agenda."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "slug": "high-school-start-time-proposal",
        "title": "Should Millbrook High start at 8:45? The bus math behind the debate",
        "published": "2025-08-19T06:45:00",
        "excerpt": (
            "Everyone agrees teenagers need more sleep. The disagreement is over who pays for it, "
            "and the answer runs straight through the bus schedule."
        ),
        "body": """## What's on the table

The school board is considering moving the start of the day at Millbrook High from 7:25am to 8:45am beginning next fall. The middle schools would shift somewhat later as well, and the elementary schools would move *earlier*, from 8:50 to 8:00, to make the bus schedule work. A final vote is expected in November.

This is one of those proposals where everyone agrees on the goal and nobody agrees on the cost.

## The case for later

The research on teenage sleep is not really in dispute. Adolescents' internal clocks shift later during puberty, and a 7:25 start means many students sit in first period on six hours of sleep or less. Districts that have moved their start times later have generally reported better attendance, fewer tardies and, in several studies, fewer crashes involving teen drivers.

A junior who spoke at the last board meeting summed it up better than any study:

> I'm not lazy. I'm just asleep in first period, and so is half the room.

## The case against

The trouble is that the school day doesn't exist in isolation. Here is what families and staff have raised so far:

1. **Elementary mornings.** An 8:00 start means earlier wake-ups for the youngest children, and it pushes before-school care costs onto families.
2. **After-school jobs.** Many high school students work, and a later dismissal cuts into their shifts.
3. **Athletics.** Practices would end closer to dark in the fall and spring, and away games already pull students out of last period.
4. **Buses.** The district runs three "tiers" of routes with the same buses and drivers. Change one tier and you change all of them.

## The bus problem, explained

That last point drives everything. Millbrook contracts for 41 buses. Each bus runs a high school route first, then a middle school route, then an elementary route. Moving the high schoolers later would, according to the district, require either about a dozen more buses, at roughly $1 million a year, or moving the elementary schools into the first tier. The current draft chooses the second option.

## What other options exist

Some parents have suggested alternatives that the board has not yet studied in detail:

- A smaller shift, to 8:15, that might fit within the existing bus tiers.
- Transit passes for high school students, freeing up some buses.
- Staggering elementary start times instead of moving them all to 8:00.

Each of these has costs of its own, and I don't know whether any of them would work. But it seems worth asking the district to study them *before* the vote rather than after.

## How to weigh in

The board has opened a survey for families and staff, and there will be two listening sessions in October, one at the high school and one at Eastside Elementary. If you have a child at any grade level, this affects you, and the board needs to hear from elementary families as much as from high school ones.
""",
        "comments": [
            {
                "by": "pta_treasurer",
                "minutes": 45,
                "body": (
                    "PTA treasurer at Eastside Elementary here. Our before-school care program "
                    "already has a waiting list with an 8:50 start. Moving us to 8:00 means care has "
                    "to open at 6:30, and I have no idea where the staff would come from. Has anyone "
                    "asked the care providers?"
                ),
                "replies": [
                    {
                        "by": "oakhill_dad",
                        "minutes": 90,
                        "body": (
                            "This is my worry too. My eight-year-old already struggles to wake up at 7. "
                            "An 8:00 start means leaving the house at 7:20 with a kid who's still half "
                            "asleep. We'd be solving one sleep problem by creating another."
                        ),
                        "replies": [
                            {
                                "by": "pta_treasurer",
                                "minutes": 120,
                                "body": (
                                    "Exactly. Nobody disputes the research on teenagers. But the little "
                                    "ones aren't a rounding error."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "nightshift_nurse",
                "minutes": 130,
                "body": (
                    "Speaking as a nurse: the adolescent sleep research is *really* solid, and the "
                    "crash data for teen drivers alone would convince me. I see what drowsy driving "
                    "does at work. If there's a way to make the bus math work without flipping the "
                    "little ones, I'm all for it."
                ),
                "replies": [
                    {
                        "by": "campus_commuter",
                        "minutes": 170,
                        "body": (
                            "I graduated from Millbrook High three years ago. I was asleep in first "
                            "period for basically all of junior year and got a B-minus in chemistry to "
                            "show for it. Same teacher, second period, senior year: an A. Anecdote, not "
                            "data, but still."
                        ),
                        "replies": [],
                    },
                ],
            },
            {
                "by": "lindenave_resident",
                "minutes": 200,
                "body": (
                    "My daughter runs cross-country. With an 8:45 start, dismissal would be around "
                    "3:45, and in late October it's dark by 6. Where do practices go? The track has "
                    "no lights."
                ),
                "replies": [
                    {
                        "by": "elsie_m",
                        "minutes": 260,
                        "body": (
                            "I asked the athletic director. Some practices would move to early mornings, "
                            "and the district would look at lighting the track, which is in the "
                            "long-range facilities plan but currently unfunded."
                        ),
                        "replies": [
                            {
                                "by": "lindenave_resident",
                                "minutes": 300,
                                "body": (
                                    "> Some practices would move to early mornings\n\n"
                                    "Early morning practices, for the sake of a later start time. There's "
                                    "an irony in there somewhere."
                                ),
                                "replies": [
                                    {
                                        "by": "nightshift_nurse",
                                        "minutes": 330,
                                        "body": (
                                            "Ha, fair. Though a 6:30am practice twice a week is still "
                                            "better for sleep than a 7:25 class five days a week."
                                        ),
                                        "replies": [],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "slug": "measure-h-fairgrounds-housing-vote",
        "title": "Measure H, explained: the fairgrounds housing vote",
        "published": "2026-09-28T07:30:00",
        "excerpt": (
            "In November, voters decide whether the old fairgrounds can become up to 900 homes. "
            "Here is what a yes or a no would actually mean."
        ),
        "body": """## What Measure H would do

On the November ballot, Millbrook voters will decide Measure H, which would rezone the 40-acre county fairgrounds site on the north side of town for housing. If it passes, the site could hold up to 900 homes, including townhouses, small apartment buildings and a required share of units priced for households earning below the area median. The fair itself would move to the county's agricultural center, which already hosts the livestock shows.

If it fails, the site stays zoned for "public assembly," and the county has said it will probably sell the land anyway, to a buyer who would then have to go through the ordinary rezoning process.

## Why people support it

Supporters point to a simple problem: Millbrook doesn't have enough homes. Rents have risen roughly 40% in five years, the median home price is now more than six times the median household income, and the school district reports that nearly a third of its new teachers commute from other counties. A yard sign on Maple Street puts it more bluntly than I would:

> Our kids grew up here. They can't afford to stay here.

Supporters also note that the fairgrounds are one of the few large sites in town where building homes wouldn't require tearing anything down.

## Why people oppose it

Opponents are not one group, and it is worth separating their arguments:

- **Traffic.** Fairgrounds Road is two lanes and already backs up at school pickup time.
- **Infrastructure.** The water main serving the north side is close to capacity, and the measure does not say who pays to upgrade it.
- **Process.** Some opponents support housing on the site but object to deciding a 900-home plan by ballot rather than through the planning commission.
- **Character.** Others simply prefer the neighborhood as it is, and say so openly.

## What the measure doesn't say

The ballot language is short, and several important details are left to a later development agreement: the exact number of affordable units, the timing of road improvements, and who builds the new park the measure promises. That isn't unusual, but it means a "yes" vote is partly a vote of trust in the negotiation that follows.

I have put the full text of the measure, the county's fiscal analysis and both sides' official ballot arguments together on [one page](https://example.org/millbrook/measure-h-documents). The fiscal analysis in particular is worth reading: it is only six pages long, and it is clearer than most of the mailers.

## My take

I'm not going to tell you how to vote. I will say that both the loudest "yes" and the loudest "no" arguments I have heard are *too simple*. Measure H won't fix housing costs by itself, and it won't turn the north side into gridlock overnight. It is one large decision about one piece of land, and it deserves to be judged on its details.

Ballots go out on October 8. Read the measure before you read the mailers.
""",
        "comments": [
            {
                "by": "fairgrounds_neighbor",
                "minutes": 20,
                "body": (
                    "I live across Fairgrounds Road from the site. I'll probably vote yes, which "
                    "surprises some of my neighbors. But I want to see a real traffic plan before the "
                    "first building goes up, not after. Right now the road backs up at 3pm every "
                    "school day."
                ),
                "replies": [
                    {
                        "by": "fiscal_hawk",
                        "minutes": 60,
                        "body": (
                            "That's my issue with it too. The measure promises a lot and funds very "
                            "little. The water main upgrade alone is estimated at $6 million in the "
                            "county analysis, and the text doesn't say whether the developer or the "
                            "ratepayers cover it."
                        ),
                        "replies": [
                            {
                                "by": "fairgrounds_neighbor",
                                "minutes": 95,
                                "body": (
                                    "Fair, and it's the one thing that gives me pause. Page 4 of the "
                                    'fiscal analysis says it will be "addressed in the development '
                                    'agreement," which is not the same thing as *addressed*.'
                                ),
                                "replies": [],
                            },
                        ],
                    },
                    {
                        "by": "new_in_town",
                        "minutes": 80,
                        "body": (
                            "As someone who moved here last year: I pay $1,900 a month for a "
                            "one-bedroom. Any addition to supply helps, even if it isn't a cure."
                        ),
                        "replies": [],
                    },
                ],
            },
            {
                "by": "quiet_streets",
                "minutes": 140,
                "body": (
                    "I'm on Birch, two blocks from the site. Nine hundred homes is probably ten years "
                    "of construction. Will there be any limits on hours? We're already living with the "
                    "River Road projects."
                ),
                "replies": [
                    {
                        "by": "retired_engineer",
                        "minutes": 185,
                        "body": (
                            "A project this size would almost certainly be built in three or four "
                            "phases. The noise ordinance adopted last winter sets construction hours "
                            "citywide, so those would apply here. It's also worth asking that the "
                            "development agreement require the perimeter landscaping to go in *first*, "
                            "not last."
                        ),
                        "replies": [
                            {
                                "by": "quiet_streets",
                                "minutes": 215,
                                "body": (
                                    "Landscaping first is a great idea. I would never have thought to "
                                    "ask for that."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "campus_commuter",
                "minutes": 230,
                "body": (
                    "I'd like to stay in Millbrook after I graduate, and right now I genuinely can't "
                    "picture how. A townhouse at the fairgrounds is the first thing I've seen that "
                    "might be within reach in five years."
                ),
                "replies": [
                    {
                        "by": "alder_st_bakery",
                        "minutes": 260,
                        "body": (
                            "Three of my five employees commute from outside the county because they "
                            "can't afford to live here. I'm voting yes, details and all."
                        ),
                        "replies": [
                            {
                                "by": "campus_commuter",
                                "minutes": 290,
                                "body": "And I'd happily be your third local employee. Kidding. Mostly.",
                                "replies": [],
                            },
                        ],
                    },
                ],
            },
            {
                "by": "councilwatch",
                "minutes": 320,
                "body": (
                    'A small but important clarification: a "yes" on H approves the rezoning. It '
                    "does *not* approve a specific site plan. Any site plan still goes through the "
                    "planning commission, with public hearings. A few of the mailers imply otherwise."
                ),
                "replies": [
                    {
                        "by": "elsie_m",
                        "minutes": 350,
                        "body": "Thank you, that's a helpful distinction. I've added it to the post.",
                        "replies": [],
                    },
                ],
            },
            {
                "by": "mapnerd",
                "minutes": 400,
                "body": (
                    "For anyone who wants to see the site in context, I put together a map with the "
                    "parcel boundaries, the street grid from the concept plan and the existing school "
                    "walking zones: [Measure H map](https://example.org/mapnerd/measure-h-map)."
                ),
                "replies": [],
            },
        ],
    },
    {
        "slug": "noise-ordinance-rewrite-explained",
        "title": "The noise ordinance rewrite, section by section",
        "published": "2025-11-05T10:00:00",
        "excerpt": (
            "Decibel limits, construction hours, leaf blowers and who answers the complaint line: "
            "a plain-language guide to the draft noise ordinance."
        ),
        "body": """## Why this is happening now

Millbrook's noise ordinance was last rewritten in 1994, when the loudest things on most blocks were lawnmowers and the occasional garage band. Since then the town has added two entertainment districts, a great deal of outdoor dining, a lot of construction and, by the police department's count, about three times as many noise complaints per year. Almost everyone agrees the old rules don't fit anymore. Agreeing on new ones is harder.

The draft ordinance released last month is long, so here is a plain-language walk through the parts most likely to affect you.

## Quiet hours

The current rule is vague: "unreasonable noise" is prohibited between 11pm and 7am. The draft replaces that with measured limits:

- **Residential zones:** 55 decibels during the day, 45 at night, measured at the property line.
- **Mixed-use zones:** 65 during the day, 55 at night.
- **Entertainment districts:** 70 until midnight on weeknights and 1am on weekends.

For a sense of scale, normal conversation is around 60 decibels, and a quiet residential street at night sits somewhere in the low 40s.

## Construction

Construction would be allowed from 7am to 7pm on weekdays and from 9am to 5pm on Saturdays, with no work on Sundays except in emergencies. That is a modest tightening; today, Saturday work can start at 8am. Contractors argue that shorter hours mean longer projects, which is true. Residents near the large sites on River Road argue that their weekends matter too, which is also true.

## Leaf blowers

This is the section that has generated the most mail. The draft would phase out *gas-powered* leaf blowers over three years, starting with city crews. Electric blowers would remain legal. Landscaping businesses say the switch will be expensive for small operators; the draft offers a rebate program, but the amount has not been set.

## Enforcement

Perhaps the most important change is the least visible one. Under the current ordinance, police respond to noise complaints, and in practice they rarely issue citations. The draft moves first-line enforcement to code compliance officers with sound meters and sets out a graduated series of warnings and fines. One compliance officer described the goal to me this way:

> We want fewer arguments about whether something is "unreasonable" and more conversations about a number on a screen.

Whether the city can staff that at night is an open question. The draft budget adds two positions, which works out to roughly one officer on duty at any given time.

## What's missing

The draft does not address barking dogs, which remain under the animal control code, or low-frequency bass, which a standard decibel reading tends to understate. Several residents near Mill Square have asked for a separate limit on bass, and the council has said it will consider one.

## Next steps

The council will hold a public hearing on the draft in December. If you have a story about noise, whether as a neighbor, a business owner, a musician or a landscaper, that is the place to tell it.
""",
        "comments": [],
    },
    {
        "slug": "riverside-park-plan-first-look",
        "title": "A first look at the Riverside Park master plan",
        "published": "2024-06-11T08:00:00",
        "excerpt": (
            "The draft plan for Riverside Park is strong on restrooms, shade and paths, "
            "and quieter about the river itself."
        ),
        "body": """## A first look

The parks department released its draft master plan for Riverside Park this week, the first comprehensive plan for the park since it opened in the 1970s. It covers the whole 60-acre strip along the river, from the boat launch to the old rail trestle, and proposes about $14 million in improvements over the next decade.

I walked the park with the plan in hand on Saturday morning. Here is what stood out.

## What it gets right

The plan is strongest where it listens to the people who already use the park. The survey drew nearly 2,000 responses, and the top requests show up clearly in the drawings:

- **Restrooms that stay open all year**, replacing the seasonal building by the playground.
- **A continuous riverside path**, filling the two gaps where walkers now have to detour onto River Road.
- **More shade**, including about 300 new trees, many of them near the playground and the picnic shelters.
- **A rebuilt boat launch**, with a separate put-in for kayaks and canoes.

None of these are glamorous, and that is the point. They are the things that make a park usable on an ordinary Tuesday.

## What it forgets

The plan is weaker at the edges, literally. The park's eastern entrance, at the end of Cannery Street, is the closest access point for several hundred apartments, and it gets a single sentence. There is no crosswalk on River Road there today, and the plan doesn't propose one.

It also says little about the river itself. The flood of 2019 put the lower lawn under three feet of water for a week, and the plan's response is mostly to move the picnic tables uphill. A parent I met at the playground put it this way:

> It's a beautiful plan for a park that never floods.

The parks staff I spoke with said flood resilience is being handled in a separate county study. That may be the right call, but it would help to see the two plans side by side.

## The money

Of the $14 million, only about $3 million is identified in the current capital budget. The rest would depend on grants, a possible parks bond and private donations. The plan is careful to describe its later phases as "aspirational," which is a polite way of saying that some of the drawings may take a long time to become real.

## What to tell them

The parks department is taking comments through the end of the month, and there will be an open house at the boat launch pavilion on the 22nd, with the drawings on display. If you use the park, tell them which entrance you use and what you would fix first. If you *don't* use the park, tell them why not. That may be the most useful answer of all.
""",
        "comments": [],
    },
]
