namespace Gateway.TestUpstream;

public enum UpstreamMode
{
    Stdio,
    Http,
}
