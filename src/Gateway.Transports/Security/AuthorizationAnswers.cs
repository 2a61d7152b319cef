using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.Security;

/// <summary>
/// ASP.NET Core's answer to a refused request is a bare status. This one keeps its challenge
/// (status and WWW-Authenticate) and adds a problem document saying what was wrong: which rule a
/// token broke, or which role the principal lacks.
/// </summary>
public sealed class AuthorizationAnswers : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            await context.ChallengeAsync();

            // The handler remembers its result for the request, so asking again costs nothing and says why.
            var failure = (await context.AuthenticateAsync()).Failure;
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", failure is null
                ? $"Authentication required: send an API key ('Authorization: Bearer KEY' or '{ApiKeyAuthenticationHandler.HeaderName}') or a bearer token"
                : JwtBearerSetup.Describe(failure));
            return;
        }

        if (result.Forbidden)
        {
            await context.ForbidAsync();
            var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct();
            var held = GatewayClaims.Roles(context.User);
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                $"'{context.User.Identity?.Name}' may not do this: it needs the role {string.Join(" or ", needed)}, and holds {(held.Length == 0 ? "no role" : string.Join(", ", held))}");
            return;
        }

        await _default.HandleAsync(next, context, policy, result);
    }

    private static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
    }
}
