using Community.Core.Search;
using Community.Web.Infrastructure;

namespace Community.Web.Pages.Search;

public static class SearchLabels
{
    public static string Type(SearchDocumentType type) => type switch
    {
        SearchDocumentType.Pilot => Texts.Key("Pilot"),
        SearchDocumentType.Question => Texts.Key("Vraag"),
        SearchDocumentType.Discussion => Texts.Key("Discussie"),
        SearchDocumentType.Answer => Texts.Key("Antwoord"),
        SearchDocumentType.WikiPage => Texts.Key("Wikipagina"),
        SearchDocumentType.Lesson => Texts.Key("Les"),
        SearchDocumentType.Evaluation => Texts.Key("Evaluatie"),
        SearchDocumentType.KnowledgeQuestion => Texts.Key("Kennisvraag"),
        SearchDocumentType.Meeting => Texts.Key("Bijeenkomst"),
        SearchDocumentType.Chat => Texts.Key("Chat"),
        _ => type.ToString(),
    };
}
