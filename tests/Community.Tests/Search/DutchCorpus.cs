using Community.Core.Search;

namespace Community.Tests.Search;

/// <summary>
/// A fixed corpus about the region's pilots. Community 1 is Open (Wijkteams Aalten, pilot 1), communities 2
/// (Schuldhulp Doetinchem, pilot 2) and 3 (Jeugdzorg Winterswijk, pilot 3) are Closed; pilot pages and knowledge
/// questions belong to no community. Tests name documents by key, so adding one does not break them.
/// </summary>
public static class DutchCorpus
{
    public const int OpenCommunity = 1;
    public const int SchuldhulpCommunity = 2;
    public const int JeugdzorgCommunity = 3;

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<SearchDocument> Documents { get; } = Build();

    public static SearchDocument Get(string key) => Documents.Single(d => d.Key == key);

    private static List<SearchDocument> Build()
    {
        var list = new List<SearchDocument>();
        var day = 0;

        void Add(string key, SearchDocumentType type, string title, string body, string[] tags, int? pilot, int? community, bool isPublic,
            string[] municipalities, string[] themes, float boost = 1f)
        {
            var pilotTitle = pilot switch { 1 => "Wijkteams Aalten", 2 => "Schuldhulp Doetinchem", 3 => "Jeugdzorg Winterswijk", _ => null };
            list.Add(new SearchDocument(key, type, title, body, tags, $"/test/{key.Replace(':', '/')}", pilot, pilotTitle,
                municipalities, themes, community, isPublic, Start.AddDays(day++), boost));
        }

        string[] aalten = ["Aalten"], doetinchem = ["Doetinchem"], winterswijk = ["Winterswijk"];
        string[] wijk = ["Wijkteams"], schuld = ["Participatie"], jeugd = ["Jeugd"];

        // Pilot pages: platform-wide, public.
        Add("pilot:1", SearchDocumentType.Pilot, "Wijkteams Aalten", "Hoe organiseren we het wijkteam zo dat inwoners één aanspreekpunt hebben? De gemeente Aalten werkt met drie wijkteams.", ["wijkteam", "integraal werken"], 1, null, true, aalten, wijk);
        Add("pilot:2", SearchDocumentType.Pilot, "Schuldhulp Doetinchem", "Vroegsignalering van schulden met woningcorporaties en energieleveranciers. Schuldhulpverlening begint eerder.", ["schuldhulp", "vroegsignalering"], 2, null, true, doetinchem, schuld);
        Add("pilot:3", SearchDocumentType.Pilot, "Jeugdzorg Winterswijk", "Minder doorverwijzingen naar specialistische jeugdzorg door een praktijkondersteuner jeugd bij de huisarts.", ["jeugdzorg", "poh-jggz"], 3, null, true, winterswijk, jeugd);

        // Open community 1: wijkteams.
        Add("thread:10", SearchDocumentType.Question, "Hoe verdelen jullie casussen over de wijkteams?", "Wij merken dat het ene wijkteam veel meer meldingen krijgt dan het andere. Werken jullie met een verdeelsleutel per wijk?", ["wijkteam", "casusverdeling"], 1, OpenCommunity, true, aalten, wijk);
        Add("post:11", SearchDocumentType.Answer, "Re: Hoe verdelen jullie casussen over de wijkteams?", "Bij ons werkt een wekelijks casusoverleg het best: de teamleider verdeelt nieuwe meldingen op basis van de caseload.", [], 1, OpenCommunity, true, aalten, wijk, boost: 1.5f);
        Add("post:12", SearchDocumentType.Answer, "Re: Hoe verdelen jullie casussen over de wijkteams?", "Wij verdelen per postcodegebied, dat is eenvoudig maar niet altijd eerlijk.", [], 1, OpenCommunity, true, aalten, wijk);
        Add("wiki:13", SearchDocumentType.Lesson, "Les: één aanspreekpunt per gezin", "Gezinnen met meerdere hulpvragen willen één vast gezicht. Wijs bij de intake meteen een regisseur aan uit het wijkteam.", ["regie", "gezin"], 1, OpenCommunity, true, aalten, wijk, boost: 1.5f);
        Add("chat:14", SearchDocumentType.Chat, "Chatbericht in Wijkteams Aalten", "Wie gaat er morgen naar het casusoverleg over de regisseur?", [], 1, OpenCommunity, true, aalten, wijk, boost: 0.5f);
        Add("thread:15", SearchDocumentType.Discussion, "Coöperatie met zorgaanbieders in de wijk", "De coöperatie van zorgaanbieders wil een vaste plek in het wijkteam. Hoe houden we de onafhankelijkheid van de toegang?", ["zorgaanbieders"], 1, OpenCommunity, true, aalten, wijk);
        Add("wiki:16", SearchDocumentType.WikiPage, "Werkwijze keukentafelgesprek", "Het keukentafelgesprek voor de Wmo voeren we met twee medewerkers. We vragen naar eigen kracht en het netwerk van de inwoner.", ["wmo", "keukentafelgesprek"], 1, OpenCommunity, true, aalten, wijk);
        Add("thread:17", SearchDocumentType.Question, "Wet maatschappelijke ondersteuning en mantelzorg", "Welke ondersteuning bieden jullie mantelzorgers binnen de Wet maatschappelijke ondersteuning? Respijtzorg is bij ons schaars.", ["mantelzorg"], 1, OpenCommunity, true, aalten, wijk);
        Add("thread:18", SearchDocumentType.Discussion, "Inwonersparticipatie bij het wijkplan", "Hoe betrek je inwoners bij het wijkplan zonder dat steeds dezelfde mensen aan tafel zitten? Buurtbewoners werkten mee aan de enquête.", ["participatie", "wijkplan"], 1, OpenCommunity, true, aalten, wijk);
        Add("post:19", SearchDocumentType.Answer, "Re: Inwonersparticipatie bij het wijkplan", "Wij gingen de straat op met een bakfiets en koffie. Zo spraken we jongeren en ouderen die nooit op een avond komen.", [], 1, OpenCommunity, true, aalten, wijk);
        Add("wiki:20", SearchDocumentType.WikiPage, "Privacy in het wijkteam", "Deel alleen wat nodig is. Vraag toestemming van de inwoner voordat je informatie deelt met de huisarts of de school. Dit is geen juridisch advies <script>alert(1)</script> & zo.", ["privacy", "avg"], 1, OpenCommunity, true, aalten, wijk);
        Add("thread:21", SearchDocumentType.Question, "Gemeenten die al met een wijkteam werken", "Welke gemeenten in de regio werken al langer met een breed wijkteam? We willen graag leren van hun ervaringen.", ["wijkteam"], 1, OpenCommunity, true, aalten, wijk);
        Add("thread:22", SearchDocumentType.Discussion, "Evaluatie van de toegang", "De evaluatie laat zien dat de wachttijd voor een eerste gesprek is gedaald van zes naar twee weken.", ["evaluatie"], 1, OpenCommunity, true, aalten, wijk);

        // Closed community 2: schuldhulp.
        Add("thread:30", SearchDocumentType.Question, "Vroegsignalering bij huurachterstand", "Woningcorporaties melden een huurachterstand na twee maanden. Hoe snel gaan jullie op huisbezoek?", ["vroegsignalering", "huurachterstand"], 2, SchuldhulpCommunity, false, doetinchem, schuld);
        Add("post:31", SearchDocumentType.Answer, "Re: Vroegsignalering bij huurachterstand", "Binnen vijf werkdagen, samen met de schuldhulpverlening. Het eerste contact is bijna altijd aan de deur.", [], 2, SchuldhulpCommunity, false, doetinchem, schuld, boost: 1.5f);
        Add("wiki:32", SearchDocumentType.Lesson, "Les: schuldhulpverlening begint aan de keukentafel", "Schuldhulpverlening werkt beter wanneer de budgetcoach meegaat naar het eerste gesprek. Inwoners haken minder vaak af.", ["schuldhulp"], 2, SchuldhulpCommunity, false, doetinchem, schuld, boost: 1.5f);
        Add("thread:33", SearchDocumentType.Discussion, "Samenwerking met energieleveranciers", "Energieleveranciers geven betalingsachterstanden door. Het convenant regelt welke gegevens zij mogen delen.", ["energie", "convenant"], 2, SchuldhulpCommunity, false, doetinchem, schuld);
        Add("chat:34", SearchDocumentType.Chat, "Chatbericht in Schuldhulp Doetinchem", "Budgetcoach morgen ziek, wie neemt de schuldhulp afspraken over?", [], 2, SchuldhulpCommunity, false, doetinchem, schuld, boost: 0.5f);
        Add("thread:35", SearchDocumentType.Question, "Beschermingsbewind en wijkteams", "Wanneer verwijzen wijkteams door naar beschermingsbewind en wanneer is budgetbeheer genoeg?", ["bewind"], 2, SchuldhulpCommunity, false, doetinchem, schuld);

        // Closed community 3: jeugdzorg.
        Add("thread:40", SearchDocumentType.Question, "Wachtlijsten bij jeugdzorgaanbieders", "De jeugdzorgaanbieders in de regio hebben wachtlijsten van maanden. Hoe overbruggen jullie die tijd?", ["wachtlijst"], 3, JeugdzorgCommunity, false, winterswijk, jeugd);
        Add("post:41", SearchDocumentType.Answer, "Re: Wachtlijsten bij jeugdzorgaanbieders", "Onze praktijkondersteuner jeugd biedt overbruggingszorg: vijf gesprekken met het kind en de ouders.", [], 3, JeugdzorgCommunity, false, winterswijk, jeugd, boost: 1.5f);
        Add("wiki:42", SearchDocumentType.Lesson, "Les: de huisarts als vindplaats", "Kinderen met beginnende problemen komen eerst bij de huisarts. Een praktijkondersteuner jeugd in de praktijk voorkomt doorverwijzing naar specialistische hulp.", ["huisarts", "jeugdhulp"], 3, JeugdzorgCommunity, false, winterswijk, jeugd, boost: 1.5f);
        Add("thread:43", SearchDocumentType.Discussion, "Jeugdhulp op school", "Scholen vragen om jeugdhulp in de klas. Het onderwijs en de gemeente delen de kosten.", ["onderwijs"], 3, JeugdzorgCommunity, false, winterswijk, jeugd);
        Add("evaluation:44", SearchDocumentType.Evaluation, "Evaluatie Jeugdzorg Winterswijk", "Conclusie: het aantal verwijzingen naar specialistische jeugdzorg daalde met een kwart. Leerpunt: betrek scholen eerder.", ["evaluatie"], 3, JeugdzorgCommunity, false, winterswijk, jeugd);

        // Platform-wide knowledge questions, public.
        Add("kq:50", SearchDocumentType.KnowledgeQuestion, "Hoe meten we het effect van preventie in het sociaal domein?", "Gemeenten investeren in preventie maar weten niet wat het oplevert. Welke indicatoren zijn bruikbaar?", ["preventie", "monitoring"], null, null, true, [], ["Wijkteams"]);
        Add("kq:51", SearchDocumentType.KnowledgeQuestion, "Wat werkt bij het terugdringen van schulden onder jongeren?", "Steeds meer jongeren hebben schulden door online aankopen en telefoonabonnementen.", ["schulden", "jongeren"], null, null, true, [], ["Participatie"]);

        // Ranking pairs: the same word once in a title, once only in a body.
        Add("wiki:60", SearchDocumentType.WikiPage, "Mantelzorgwaardering", "Elk jaar ontvangen mantelzorgers een blijk van waardering van de gemeente.", [], 1, OpenCommunity, true, aalten, wijk);
        Add("wiki:61", SearchDocumentType.WikiPage, "Jaarverslag sociaal team", "In het jaarverslag staat ook iets over de mantelzorgwaardering, maar vooral over de cijfers.", [], 1, OpenCommunity, true, aalten, wijk);

        // Boost pair: same text, one an accepted answer, the other a chat message.
        Add("post:70", SearchDocumentType.Answer, "Re: Signaleringsoverleg", "Het signaleringsoverleg met de politie en de woningcorporatie helpt om zorgmijders eerder te zien.", [], 1, OpenCommunity, true, aalten, wijk, boost: 2f);
        Add("chat:71", SearchDocumentType.Chat, "Re: Signaleringsoverleg", "Het signaleringsoverleg met de politie en de woningcorporatie helpt om zorgmijders eerder te zien.", [], 1, OpenCommunity, true, aalten, wijk, boost: 0.5f);

        return list;
    }
}
