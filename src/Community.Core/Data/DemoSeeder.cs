using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Data;

public sealed record DemoAccount(string Email, string DisplayName, string Role, string? Password);

/// <summary>
/// Demo content: the eight Achterhoek municipalities, themes, five pilots in different phases and a few people.
/// Known passwords only when <c>knownPasswords</c> is set (Development); otherwise every password is random and never shown.
/// </summary>
public sealed class DemoSeeder(CommunityDbContext db, UserManager<User> users, TimeProvider clock)
{
    public const string DemoPassword = "Kennis-Demo-2026!";

    public static readonly string[] AchterhoekMunicipalities =
        ["Aalten", "Berkelland", "Bronckhorst", "Doetinchem", "Montferland", "Oost Gelre", "Oude IJsselstreek", "Winterswijk"];

    public static readonly string[] DefaultThemes =
        ["Jeugdhulp", "Wmo-ondersteuning", "Participatie", "Wijkteams", "Schuldhulpverlening", "Preventie"];

    /// <summary>Municipalities and themes, needed on every install (idempotent).</summary>
    public async Task SeedReferenceDataAsync(CancellationToken ct = default)
    {
        foreach (var name in AchterhoekMunicipalities)
            if (!await db.Municipalities.AnyAsync(m => m.Name == name, ct)) db.Municipalities.Add(new Municipality { Name = name, Slug = Slugs.From(name) });
        foreach (var name in DefaultThemes)
            if (!await db.Themes.AnyAsync(t => t.Name == name, ct)) db.Themes.Add(new Theme { Name = name, Slug = Slugs.From(name) });
        await db.SaveChangesAsync(ct);
        await AdminService.EnsureRoleAsync(db);
    }

    public async Task<bool> HasDemoContentAsync(CancellationToken ct = default) => await db.Pilots.AnyAsync(ct);

    /// <summary>Returns the demo accounts (with passwords only when known). Does nothing when pilots already exist.</summary>
    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(bool knownPasswords, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        await SeedReferenceDataAsync(ct);
        if (await HasDemoContentAsync(ct)) return [];
        var now = clock.GetUtcNow();
        var m = await db.Municipalities.ToDictionaryAsync(x => x.Name, ct);
        var t = await db.Themes.ToDictionaryAsync(x => x.Name, ct);

        var accounts = new List<DemoAccount>();
        async Task<User> Person(string email, string name, string org, string municipality, string role, string workingOn, string tags, bool admin = false)
        {
            var password = knownPasswords ? DemoPassword : AdminService.GeneratePassword();
            var user = new User
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Organisation = org,
                MunicipalityId = m[municipality].Id, JobRole = role, WorkingOn = workingOn, CreatedAt = now,
                Tags = ProfileService.ParseTags(tags).Select(x => new ProfileTag { Name = x }).ToList(),
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            if (admin) await users.AddToRoleAsync(user, Roles.Admin);
            accounts.Add(new DemoAccount(email, name, admin ? "beheerder" : role, knownPasswords ? password : null));
            progress?.Report($"account {email}");
            return user;
        }

        var admin = await Person("beheer@kennisplatform.test", "Petra Beheer", "Regio Achterhoek", "Doetinchem", "Platformbeheerder",
            "Beheer van het Kennisplatform en ondersteuning van de leergemeenschappen.", "platform, kennisdeling", admin: true);
        var anouk = await Person("anouk@kennisplatform.test", "Anouk Jansen", "Gemeente Winterswijk", "Winterswijk", "Beleidsadviseur jeugd",
            "Integrale toegang jeugdhulp en de samenwerking met huisartsen.", "jeugdhulp, praktijkondersteuner, toegang");
        var bram = await Person("bram@kennisplatform.test", "Bram Wolters", "Wijkteam Doetinchem-Noord", "Doetinchem", "Wijkteammedewerker",
            "Schulden vroeg signaleren en huisbezoeken samen met woningcorporaties.", "schuldhulp, vroegsignalering, wijkteam");
        var carla = await Person("carla@kennisplatform.test", "Carla Hendriks", "Hogeschool Achterhoek", "Aalten", "Lector sociaal werk",
            "Begeleiding van studenten in pilots en onderzoek naar lerende netwerken.", "onderzoek, studenten, leernetwerken");
        var dennis = await Person("dennis@kennisplatform.test", "Dennis Bos", "Gemeente Berkelland", "Berkelland", "Beleidsmedewerker Wmo",
            "Algemene voorzieningen in plaats van maatwerk, dagbesteding in de kernen.", "wmo, dagbesteding, algemene voorziening");

        Pilot NewPilot(string title, PilotPhase phase, string summary, string question, string[] municipalities, string[] themes,
            DateOnly start, DateOnly end, CommunityVisibility visibility, User coordinator, params User[] members)
        {
            var pilot = new Pilot
            {
                Slug = Slugs.From(title), Title = title, Phase = phase, Summary = summary, KnowledgeQuestion = question,
                StartDate = start, EndDate = end, CreatedAt = now, UpdatedAt = now,
                Municipalities = municipalities.Select(x => m[x]).ToList(), Themes = themes.Select(x => t[x]).ToList(),
                ContactName = coordinator.DisplayName, ContactEmail = coordinator.Email,
                Community = new LearningCommunity { Visibility = visibility },
            };
            pilot.Community.Memberships.Add(new Membership { UserId = coordinator.Id, Role = MembershipRole.Coordinator, Status = MembershipStatus.Active, RequestedAt = now, JoinedAt = now });
            foreach (var member in members)
                pilot.Community.Memberships.Add(new Membership { UserId = member.Id, Role = MembershipRole.Member, Status = MembershipStatus.Active, RequestedAt = now, JoinedAt = now });
            db.Pilots.Add(pilot);
            return pilot;
        }

        var poh = NewPilot("Praktijkondersteuner jeugd bij de huisarts", PilotPhase.Completed,
            "Een jeugdconsulent van de gemeente werkt twee dagen per week in de huisartsenpraktijk, zodat kinderen sneller passende hulp krijgen en minder vaak worden doorverwezen naar specialistische jeugdhulp.",
            "Leidt een praktijkondersteuner jeugd bij de huisarts tot minder en beter passende verwijzingen naar specialistische jeugdhulp?",
            ["Winterswijk", "Aalten"], ["Jeugdhulp", "Preventie"], new(2024, 1, 8), new(2025, 6, 30), CommunityVisibility.Open, anouk, carla, admin);
        poh.Programme = "Sociaal domein Achterhoek — transformatie jeugd";
        poh.LearningGoals = "Huisartsen willen weten hoe ze laagdrempelig kunnen overleggen; de gemeente wil zien wat het doet met de kosten van specialistische hulp.";
        poh.Costs = "€ 85.000 voor 1,2 fte gedurende anderhalf jaar";
        poh.CostsCoveredBy = "Gemeente Winterswijk (60%), gemeente Aalten (40%)";
        poh.Partners = [new PilotPartner { Organisation = "Huisartsenpraktijk De Esch", Role = "Werkplek en casusoverleg" },
            new PilotPartner { Organisation = "Hogeschool Achterhoek", Role = "Evaluatieonderzoek", StudentCount = 4 }];
        poh.Milestones = [new PilotMilestone { Date = new(2024, 1, 8), Title = "Start in twee praktijken" }, new PilotMilestone { Date = new(2024, 9, 1), Title = "Tussenevaluatie" },
            new PilotMilestone { Date = new(2025, 6, 30), Title = "Eindevaluatie" }];
        poh.ProgressUpdates = [
            new ProgressUpdate { Date = new(2024, 3, 1), Title = "Eerste 40 consulten", Body = "De jeugdconsulent heeft de eerste 40 gezinnen gesproken; bij 31 was geen verwijzing nodig.", AuthorId = anouk.Id, CreatedAt = now },
            new ProgressUpdate { Date = new(2024, 9, 12), Title = "Tussenevaluatie afgerond", Body = "Huisartsen zijn positief; wachttijd voor een eerste gesprek is gedaald van vier weken naar vijf dagen.", AuthorId = anouk.Id, CreatedAt = now },
            new ProgressUpdate { Date = new(2025, 7, 4), Title = "Pilot afgerond", Body = "Beide gemeenten nemen de werkwijze over in de reguliere toegang.", AuthorId = anouk.Id, CreatedAt = now }];

        var schulden = NewPilot("Vroegsignalering schulden in de wijk", PilotPhase.Execution,
            "Woningcorporaties, energieleveranciers en zorgverzekeraars melden betalingsachterstanden; het wijkteam gaat binnen een week op huisbezoek.",
            "Bereiken we mensen met beginnende schulden eerder wanneer het wijkteam outreachend werkt op signalen van vaste lasten?",
            ["Doetinchem", "Montferland"], ["Schuldhulpverlening", "Wijkteams"], new(2025, 2, 1), new(2026, 12, 31), CommunityVisibility.Open, bram, dennis);
        schulden.Programme = "Bestaanszekerheid";
        schulden.LearningGoals = "Welke signalen voorspellen problematische schulden het best, en hoe gaat een huisbezoek dat mensen niet als controle ervaren?";
        schulden.Costs = "€ 40.000 per jaar voor extra uren wijkteam";
        schulden.CostsCoveredBy = "Gemeente Doetinchem, met bijdrage van Woonstichting De Liemers";
        schulden.Partners = [new PilotPartner { Organisation = "Sité Woondiensten", Role = "Levert signalen huurachterstand" },
            new PilotPartner { Organisation = "Schuldhulpmaatje Achterhoek", Role = "Vrijwillige thuisadministratie" }];
        schulden.ProgressUpdates = [new ProgressUpdate { Date = new(2025, 5, 15), Title = "Eerste honderd signalen", Body = "Bij 62 van de eerste 100 signalen kwam een gesprek tot stand.", AuthorId = bram.Id, CreatedAt = now }];

        NewPilot("Dagbesteding als algemene voorziening in de kernen", PilotPhase.Preparation,
            "Ouderen kunnen zonder indicatie terecht bij een dagbesteding in het dorpshuis, georganiseerd samen met vrijwilligers.",
            "Kan een vrij toegankelijke dagbesteding in de kern een deel van de maatwerkvoorzieningen Wmo vervangen?",
            ["Berkelland", "Oost Gelre"], ["Wmo-ondersteuning", "Preventie"], new(2026, 9, 1), new(2027, 8, 31), CommunityVisibility.Open, dennis, anouk);

        NewPilot("Werkfit via leerwerkplekken bij lokale bedrijven", PilotPhase.Idea,
            "Inwoners met een bijstandsuitkering leren een vak op de werkvloer van Achterhoekse maakbedrijven, met een jobcoach vanuit het wijkteam.",
            "Helpt een leerwerkplek met jobcoaching meer mensen duurzaam aan werk dan een klassiek re-integratietraject?",
            ["Oude IJsselstreek", "Doetinchem"], ["Participatie"], new(2027, 1, 1), new(2027, 12, 31), CommunityVisibility.Open, bram, carla);

        var casus = NewPilot("Multidisciplinair casusoverleg complexe gezinnen", PilotPhase.Completion,
            "Gezinnen met problemen op meerdere levensgebieden krijgen één plan en één regisseur; het casusoverleg bespreekt casuïstiek met persoonsgegevens en is daarom besloten.",
            "Levert één plan, één regisseur voor complexe gezinnen betere uitkomsten op dan losse trajecten?",
            ["Bronckhorst", "Winterswijk"], ["Jeugdhulp", "Wijkteams"], new(2025, 1, 15), new(2026, 11, 30), CommunityVisibility.Closed, anouk, bram);

        await db.SaveChangesAsync(ct);
        progress?.Report("pilots");

        var minutes = 0;
        DiscussionThread Thread(Pilot pilot, ThreadKind kind, string title, User author, string body, string tags, params (User Author, string Body)[] replies)
        {
            DateTimeOffset At() => now.AddDays(-20).AddMinutes(minutes += 97);
            var created = At();
            var thread = new DiscussionThread
            {
                CommunityId = pilot.Community!.Id, Kind = kind, Title = title, AuthorId = author.Id, CreatedAt = created, LastActivityAt = created,
                Tags = tags.Split(", ").Select(t => new ThreadTag { Name = t }).ToList(),
            };
            Post NewPost(User by, string text, bool opening, DateTimeOffset at)
            {
                var post = new Post { Thread = thread, IsOpening = opening, AuthorId = by.Id, Body = text, CreatedAt = at };
                post.Revisions.Add(new PostRevision { EditorId = by.Id, At = at, Title = opening ? title : null, Body = text });
                thread.Posts.Add(post);
                thread.LastActivityAt = at;
                return post;
            }
            NewPost(author, body, true, created);
            foreach (var (by, text) in replies) NewPost(by, text, false, At());
            thread.ReplyCount = replies.Length;
            db.Threads.Add(thread);
            return thread;
        }
        var signals = Thread(schulden, ThreadKind.Question, "Welke signalen van vaste lasten voorspellen schulden het best?", dennis,
            "In Berkelland willen we ook met signalen gaan werken. Welke signalen leveren bij jullie de meeste **zinvolle gesprekken** op: huur, energie of zorgverzekering?",
            "vroegsignalering, schulden",
            (bram, "Bij ons vooral **huurachterstand van twee maanden**: bij 62 van de eerste 100 signalen kwam een gesprek tot stand. Energie komt vaak later.\n\n- huur: meeste gesprekken\n- zorgverzekering: vaak al in beeld bij de gemeente\n- energie: na de winter"),
            (anouk, "Goede vraag. Weten jullie ook hoeveel mensen je **niet** bereikt? Dat zou ik graag in de evaluatie zien."));
        Thread(poh, ThreadKind.Discussion, "Hoe houd je contact met de huisarts na de pilot?", carla,
            "De pilot is afgerond en de werkwijze wordt overgenomen. Wat doen jullie om het korte lijntje met de huisartsen vast te houden?",
            "jeugdhulp, huisarts",
            (anouk, "Vast maandelijks casusoverleg in de praktijk, ook als er weinig te bespreken is. Dat blijkt de drempel laag te houden."));
        Thread(casus, ThreadKind.Question, "Wie is regisseur als het gezin verhuist naar een andere gemeente?", bram,
            "We hebben nu twee keer meegemaakt dat een gezin midden in het plan verhuist. Hoe dragen jullie de regie over?",
            "regie, verhuizing");
        await db.SaveChangesAsync(ct);
        signals.AcceptedPostId = signals.Posts.First(p => !p.IsOpening).Id;
        db.ThreadFollows.AddRange(signals.Posts.Select(p => p.AuthorId!).Distinct().Select(u => new ThreadFollow { ThreadId = signals.Id, UserId = u, Since = now }));
        await db.SaveChangesAsync(ct);
        progress?.Report("discussions");
        await SeedKnowledgeAsync(poh, schulden, anouk, bram, carla, dennis, ct);
        progress?.Report("wiki, evaluation and knowledge questions");
        return accounts;
    }

    /// <summary>A small wiki with a lesson, the completed pilot's evaluation and the knowledge questions it raised, through the real services.</summary>
    private async Task SeedKnowledgeAsync(Pilot poh, Pilot schulden, User anouk, User bram, User carla, User dennis, CancellationToken ct)
    {
        var wiki = new WikiService(db, clock);
        var jeugdhulp = await db.Themes.Where(x => x.Name == "Jeugdhulp").Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
        await wiki.CreateAsync(poh.Slug, new WikiPageInput
        {
            Title = "Werkwijze praktijkondersteuner jeugd",
            Body = "## Wie doet wat\n\nDe jeugdconsulent werkt op dinsdag en donderdag in de praktijk. De huisarts verwijst via het HIS; " +
                "de consulent plant binnen vijf werkdagen een eerste gesprek.\n\n## Overleg\n\nElke maand een kort casusoverleg met de huisartsen. " +
                "Zie ook [[Les: vaste werkdagen in de praktijk]] en [[Afspraken met het wijkteam]].",
            Summary = "Eerste versie",
        }, new Actor(anouk.Id, false), ct);
        await wiki.UpdateAsync(poh.Slug, "werkwijze-praktijkondersteuner-jeugd", new WikiPageInput
        {
            Title = "Werkwijze praktijkondersteuner jeugd",
            Body = "## Wie doet wat\n\nDe jeugdconsulent werkt op dinsdag en donderdag in de praktijk. De huisarts verwijst via het HIS; " +
                "de consulent plant binnen vijf werkdagen een eerste gesprek, bij spoed dezelfde week.\n\n## Overleg\n\nElke maand een kort casusoverleg met de huisartsen " +
                "en twee keer per jaar met de praktijkondersteuners GGZ. Zie ook [[Les: vaste werkdagen in de praktijk]] en [[Afspraken met het wijkteam]].",
            Summary = "Spoed en overleg met POH-GGZ toegevoegd", BaseRevision = 1,
        }, new Actor(carla.Id, false), ct);
        await wiki.CreateAsync(poh.Slug, new WikiPageInput
        {
            Title = "Les: vaste werkdagen in de praktijk", IsLesson = true, ThemeId = jeugdhulp, Tags = "huisarts, toegang, wachttijd",
            Body = "## Context\n\nIn de eerste maanden wisselde de consulent van dag; huisartsen wisten niet wanneer ze konden overleggen.\n\n" +
                "## Wat we deden\n\nVaste dagen (dinsdag en donderdag) en een eigen spreekkamer in de praktijk.\n\n" +
                "## Wat we leerden\n\nHuisartsen overleggen pas laagdrempelig als de consulent een vast gezicht op vaste dagen is. " +
                "Het aantal verwijzingen naar specialistische hulp daalde pas daarna.\n\n" +
                "## Advies voor de volgende pilot\n\nBegin met vaste dagen en een eigen ruimte, ook als de uren nog krap zijn.",
        }, new Actor(anouk.Id, false), ct);
        await wiki.CreateAsync(schulden.Slug, new WikiPageInput
        {
            Title = "Het eerste huisbezoek", IsLesson = true, Tags = "huisbezoek, vroegsignalering",
            Body = "## Context\n\nMensen met een huurachterstand ervaren een onaangekondigd bezoek als controle.\n\n## Wat we deden\n\nEerst een kaartje, dan een telefoontje, dan pas langs.\n\n" +
                "## Wat we leerden\n\nMet een aankondiging kwam bij twee op de drie signalen een gesprek tot stand.\n\n## Advies voor de volgende pilot\n\nKondig aan, en kom met z'n tweeën.",
        }, new Actor(bram.Id, false), ct);

        await new EvaluationService(db, clock).SaveAsync(poh.Slug, new EvaluationInput(
            "Van de 212 gezinnen die de consulent sprak, was bij 71% geen verwijzing naar specialistische jeugdhulp nodig. " +
            "De wachttijd voor een eerste gesprek daalde van vier weken naar vijf dagen.",
            "- Vaste dagen in de praktijk maken overleg laagdrempelig.\n- Registreer vanaf dag één dezelfde gegevens als de huisarts.",
            "- Eerder afspraken maken over gegevensdeling met de huisartsen.\n- De consulent ook toegang geven tot het HIS.",
            "Hoe houden we de werkwijze overeind als de consulent vertrekt?\nWat kost een praktijkondersteuner jeugd per voorkomen verwijzing?"),
            new Actor(anouk.Id, false), ct);
        var questions = new KnowledgeQuestionService(db, clock);
        var own = await questions.AskAsync(new KnowledgeQuestionInput("Hoe betrekken we scholen bij vroegsignalering in de wijk?",
            "In Doetinchem-Noord zien leerkrachten signalen eerder dan het wijkteam."), new Actor(bram.Id, false), ct);
        var first = await db.KnowledgeQuestions.Where(q => q.SourcePilotId == poh.Id).OrderBy(q => q.Id).Select(q => q.Id).FirstAsync(ct);
        foreach (var voter in new[] { bram, carla, dennis }) await questions.ToggleVoteAsync(first, new Actor(voter.Id, false), ct);
        await questions.ToggleVoteAsync(own, new Actor(carla.Id, false), ct);

        // Words the region uses for the same thing, so a search for one finds the other (admins edit them under Beheer, Zoeken).
        foreach (var terms in new[] { "Wmo = Wet maatschappelijke ondersteuning", "jeugdzorg = jeugdhulp", "POH = praktijkondersteuner", "schuldhulp = schuldhulpverlening" })
            db.SearchSynonyms.Add(new Search.SearchSynonym { Terms = terms, UpdatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);

    }
}
