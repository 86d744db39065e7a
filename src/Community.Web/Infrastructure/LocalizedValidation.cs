using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Community.Web.Infrastructure;

/// <summary>
/// Model-binding errors ("The value '' is invalid.") in the UI language. The localizer is asked at
/// the time of the error, so one instance serves every request in its own culture.
/// </summary>
public sealed class LocalizedModelBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var t = factory.Create(typeof(SharedResource));
        var m = options.ModelBindingMessageProvider;
        m.SetValueMustNotBeNullAccessor(_ => t["Vul dit veld in."]);
        m.SetAttemptedValueIsInvalidAccessor((v, _) => t["‘{0}’ is geen geldige waarde.", v]);
        m.SetValueIsInvalidAccessor(v => t["‘{0}’ is geen geldige waarde.", v]);
        m.SetValueMustBeANumberAccessor(_ => t["Vul een getal in."]);
        m.SetMissingBindRequiredValueAccessor(_ => t["Vul dit veld in."]);
        m.SetUnknownValueIsInvalidAccessor(_ => t["Deze waarde is ongeldig."]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => t["‘{0}’ is geen geldige waarde.", v]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["Deze waarde is ongeldig."]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => t["Vul een getal in."]);
        m.SetMissingKeyOrValueAccessor(() => t["Vul dit veld in."]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => t["Het formulier is leeg."]);
        options.ModelMetadataDetailsProviders.Add(new DefaultValidationMessages());
    }
}

/// <summary>
/// Gives a Dutch message (a resource key) to validation attributes that have none, including the
/// [Required] that MVC adds by itself for non-nullable properties; otherwise the framework's
/// English text ("The Culture field is required.") would reach the page.
/// </summary>
public sealed class DefaultValidationMessages : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
        {
            if (attribute.ErrorMessage is not null || attribute.ErrorMessageResourceType is not null) continue;
            // {1} and {2} are the attributes' own arguments (maximum length; range bounds); {0} would be the English property name.
            attribute.ErrorMessage = attribute switch
            {
                RequiredAttribute => Texts.Key("Vul dit veld in."),
                StringLengthAttribute => Texts.Key("Maximaal {1} tekens."),
                RangeAttribute => Texts.Key("Vul een waarde tussen {1} en {2} in."),
                EmailAddressAttribute => Texts.Key("Vul een geldig e-mailadres in."),
                _ => Texts.Key("Deze waarde is ongeldig."),
            };
        }
    }
}
