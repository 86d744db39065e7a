using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.AspNetCore.Html;

namespace Community.Web.Infrastructure;

/// <summary>
/// One form field the accessible way: label, optional description, the error next to the field
/// (linked with aria-describedby, aria-invalid set) and the posted value kept.
/// <c>&lt;kp-field for="Input.Email" label="E-mailadres" type="email" autocomplete="email" /&gt;</c>;
/// type "textarea" renders a textarea.
/// </summary>
[HtmlTargetElement("kp-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")] public ModelExpression For { get; set; } = null!;
    public string Label { get; set; } = "";
    public string? Description { get; set; }
    public string Type { get; set; } = "text";
    public string? Autocomplete { get; set; }
    public bool Required { get; set; }
    public int Rows { get; set; } = 5;
    public string? Lang { get; set; }
    /// <summary>A Markdown textarea: the script adds a live preview under it.</summary>
    public bool Preview { get; set; }

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var describedBy = string.Join(' ', new[] { Description is null ? null : id + "-description", error is null ? null : id + "-error" }.Where(x => x is not null));

        var attributes = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["class"] = Type == "textarea" ? "utrecht-textarea utrecht-textarea--html-textarea" : "utrecht-textbox utrecht-textbox--html-input",
        };
        if (Required) { attributes["required"] = "required"; attributes["aria-required"] = "true"; }
        if (error is not null) attributes["aria-invalid"] = "true";
        if (describedBy.Length > 0) attributes["aria-describedby"] = describedBy;
        if (Autocomplete is not null) attributes["autocomplete"] = Autocomplete;
        if (Lang is not null) attributes["lang"] = Lang;
        if (Preview)
        {
            // The script reads its (translated) words from here, so it has no UI text of its own.
            var T = ViewContext.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
            attributes["data-markdown-preview"] = T["Voorbeeld"].Value;
            attributes["data-preview-empty"] = T["Nog niets om te tonen."].Value;
            attributes["data-preview-failed"] = T["Het voorbeeld kon niet geladen worden; je tekst is niet verloren."].Value;
        }

        // Keep what the user typed on a failed post (raw attempted value), else the model's value.
        var value = state?.AttemptedValue ?? (Type == "password" ? null : Format(For.Model));
        TagBuilder input;
        if (Type == "textarea")
        {
            attributes["rows"] = Rows;
            input = new TagBuilder("textarea");
            input.InnerHtml.Append(value ?? "");
        }
        else
        {
            input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            input.Attributes["type"] = Type;
            if (Type != "password" && value is not null) input.Attributes["value"] = value;
        }
        input.Attributes["name"] = name;
        foreach (var (k, v) in attributes) if (v is not null) input.Attributes[k] = Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture);

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "utrecht-form-field" + (error is null ? "" : " utrecht-form-field--invalid"));
        var content = output.Content;
        content.AppendHtml($"<label class=\"utrecht-form-label\" for=\"{id}\">");
        content.Append(Label);
        var t = ViewContext.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        if (!Required) content.AppendHtml(" <span class=\"kp-optional\">").Append(t["(niet verplicht)"]).AppendHtml("</span>");
        content.AppendHtml("</label>");
        if (Description is not null)
            content.AppendHtml($"<div class=\"utrecht-form-field-description\" id=\"{id}-description\">").Append(Description).AppendHtml("</div>");
        if (error is not null)
            content.AppendHtml($"<div class=\"utrecht-form-field-error-message\" id=\"{id}-error\">").Append(error).AppendHtml("</div>");
        content.AppendHtml(input);
    }

    private static string? Format(object? model) => model switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd"),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => model.ToString(),
    };
}
