using System.Net;
using System.Text;

namespace Gateway.Cli.Hosting;

/// <summary>"404 Not Found" from <see cref="HttpStatusCode.NotFound"/>.</summary>
public static class StatusText
{
    public static string Of(HttpStatusCode status)
    {
        var name = status.ToString();
        var text = new StringBuilder().Append((int)status).Append(' ');
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                text.Append(' ');
            }

            text.Append(name[i]);
        }

        return text.ToString();
    }
}
