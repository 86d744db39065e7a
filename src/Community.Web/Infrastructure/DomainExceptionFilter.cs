using Community.Core.Common;
using Community.Core.Email;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Community.Web.Infrastructure;

/// <summary>
/// Maps the feature services' refusals to HTTP: unknown → 404, not allowed → 403 (or to the sign-in page
/// for an anonymous visitor), an unknown page handler → 404, and a mail the SMTP server refused → 503. Rule violations are handled by the page itself, next to the field.
/// </summary>
public sealed class DomainExceptionFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // A request for a handler the page does not have (?handler=x, or a POST to a page without OnPost) would
        // render the page with nothing loaded and fail with a 500: it is a page that does not exist.
        if (context.HandlerMethod is null && context.ActionDescriptor.HandlerMethods.Count > 0)
        {
            context.Result = new NotFoundResult();
            return;
        }
        var executed = await next();
        switch (executed.Exception)
        {
            case NotFoundException:
                executed.Result = new NotFoundResult();
                executed.ExceptionHandled = true;
                break;
            case ForbiddenException:
                executed.Result = context.HttpContext.User.Identity?.IsAuthenticated == true ? new StatusCodeResult(403) : new ChallengeResult();
                executed.ExceptionHandled = true;
                break;
            case MailDeliveryException:
                executed.Result = new StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
                executed.ExceptionHandled = true;
                break;
        }
    }
}
