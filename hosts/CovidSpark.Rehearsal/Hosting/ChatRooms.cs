using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Rehearsal.Timeline;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>What one chat room of the rehearsal received.</summary>
/// <param name="Room">The notifier's destination name (<c>teams</c>, <c>slack</c>).</param>
/// <param name="Kind">What the local server plays: a Teams Workflows webhook, or the Slack Web API with a bot token.</param>
/// <param name="Received">Counts by kind of call (cards; thread parents, replies, updates, history reads, 429 answers).</param>
public sealed record RoomReport(string Room, string Kind, IReadOnlyDictionary<string, int> Received);

/// <summary>
/// The rehearsal's two chat rooms: a local Teams Workflows webhook (<see cref="WebhookRecorder"/>) and a local Slack Web API
/// (<see cref="SlackApiRecorder"/>), handed to the notifier the way it reads them in a deployment without a configuration
/// file: <c>COVIDSPARK_TEAMS_WEBHOOK_URL</c>, <c>COVIDSPARK_SLACK_API_URL</c>, <c>COVIDSPARK_SLACK_CHANNEL</c> and the bot token
/// in an SSM SecureString named by <c>COVIDSPARK_SLACK_BOT_TOKEN_PARAM</c> (read with decryption, as in AWS).
/// </summary>
public sealed class ChatRooms : IAsyncDisposable
{
    /// <summary>The channel id the rehearsal's bot posts to.</summary>
    public const string Channel = "C0REHEARSAL";

    private readonly Dictionary<string, string> _environment;

    private ChatRooms(WebhookRecorder teams, SlackApiRecorder slack, string tokenParameter, Dictionary<string, string> environment)
    {
        TokenParameter = tokenParameter;
        Teams = teams;
        Slack = slack;
        _environment = environment;
    }

    /// <summary>The SSM SecureString holding the Slack bot token (the stack's <c>SlackBotTokenParameterName</c>).</summary>
    public string TokenParameter { get; }

    /// <summary>The Teams room.</summary>
    public WebhookRecorder Teams { get; }

    /// <summary>The Slack room (bot token: one thread per run).</summary>
    public SlackApiRecorder Slack { get; }

    /// <summary>The variables the notifier is configured from (nothing of the process environment is read).</summary>
    public string? Environment(string name) => _environment.GetValueOrDefault(name);

    /// <summary>Slack calls that post or change a message (the second drain must make none).</summary>
    public int SlackWrites => Slack.Calls.Count(c => c.Method is "chat.postMessage" or "chat.update");

    /// <summary>Starts both servers, stores a fresh bot token in SSM and records both rooms' traffic on <paramref name="timeline"/>.</summary>
    /// <exception cref="RehearsalException">No loopback port could be bound.</exception>
    public static async Task<ChatRooms> StartAsync(IAmazonSimpleSystemsManagement ssm, string id, TimeProvider time, RehearsalTimeline timeline, CancellationToken ct)
    {
        var token = $"xoxb-rehearsal-{Guid.NewGuid():N}";
        var teams = WebhookRecorder.Start(time);
        SlackApiRecorder? slack = null;
        try
        {
            slack = SlackApiRecorder.Start(time, token);
            teams.Received += p => timeline.AddAt(p.Time, Actors.Webhook, EventKinds.Posted, $"teams card \"{p.Title ?? "(no title)"}\"", p.Job, p.Date, p.State);
            slack.Received += c => timeline.AddAt(c.Time, Actors.Slack, EventKinds.Posted, Describe(c), c.Message?.Job, c.Message?.Date, c.Message?.State);
            var parameter = $"/covidspark/rehearsal/{id}/slack-bot-token";
            await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Type = ParameterType.SecureString, Value = token, Overwrite = true }, ct).ConfigureAwait(false);
            timeline.Add(Actors.Rehearsal, EventKinds.Setup,
                $"Teams Workflows webhook listening on {teams.Url.GetLeftPart(UriPartial.Authority)}/…; Slack Web API on {slack.ApiUrl} (channel {Channel}, "
                + $"bot token in SSM SecureString {parameter}; the first {slack.RateLimitedMethod} is answered 429 Retry-After: 1)");
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["COVIDSPARK_TEAMS_WEBHOOK_URL"] = teams.Url.AbsoluteUri,
                ["COVIDSPARK_SLACK_BOT_TOKEN_PARAM"] = parameter,
                ["COVIDSPARK_SLACK_CHANNEL"] = Channel,
                [NotifierConfigLoader.SlackApiUrlVariable] = slack.ApiUrl.AbsoluteUri,
                [WebhookHosts.AllowInsecureVariable] = "1", // both servers are plain http on loopback
            };
            return new ChatRooms(teams, slack, parameter, environment);
        }
        catch
        {
            await teams.DisposeAsync().ConfigureAwait(false);
            if (slack is not null) await slack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The notifier's options as <see cref="NotifierConfigLoader"/> reads them from <see cref="Environment"/>, made fast: no
    /// pacing between posts and no per-method Slack pacing (the scripted 429 still has to be waited out), no digests, so each
    /// state change is one card and one thread update.
    /// </summary>
    /// <exception cref="NotifierConfigException">The notifier refused the rooms' configuration.</exception>
    public NotifierOptions NotifierOptions()
    {
        var options = NotifierConfigLoader.Load(Environment);
        return options with
        {
            Destinations = [.. options.Destinations.Select(d => d with { MinInterval = TimeSpan.Zero })],
            DigestThreshold = 1000,
            SlackLimits = SlackApiLimits.None,
        };
    }

    /// <summary>What each room received, for the report.</summary>
    public IReadOnlyList<RoomReport> Report()
    {
        var calls = Slack.Calls;
        var slack = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["thread parents"] = calls.Count(c => c.Succeeded && c.Method == "chat.postMessage" && c.ThreadTs is null),
            ["replies"] = calls.Count(c => c.Succeeded && c.Method == "chat.postMessage" && c.ThreadTs is not null),
            ["updates"] = calls.Count(c => c.Succeeded && c.Method == "chat.update"),
            ["history reads"] = calls.Count(c => c.Succeeded && c.Method is "conversations.history" or "conversations.replies"),
            ["429 answers"] = calls.Count(c => c.Status == 429),
            ["refused"] = calls.Count(c => c.Status == 200 && c.Error is not null),
        };
        return
        [
            new RoomReport("teams", "Teams Workflows webhook (Adaptive Cards)", new Dictionary<string, int>(StringComparer.Ordinal) { ["cards"] = Teams.Posts.Count }),
            new RoomReport("slack", "Slack Web API, bot token (one thread per run)", slack),
        ];
    }

    /// <summary>Adds each (job, date)'s Slack threads (parent states as updated in place) to its outcome.</summary>
    public IReadOnlyList<JobOutcome> WithSlackThreads(IReadOnlyList<JobOutcome> outcomes)
    {
        var calls = Slack.Calls;
        var threads = SlackThreadChecks.Threads(calls);
        return [.. outcomes.Select(o => o with
        {
            SlackThreads = [.. threads.Where(t => calls.Any(c => c.Succeeded && c.Method == "chat.postMessage" && c.Ts == t.Ts && c.Message?.Job == o.Job && c.Message?.Date == o.Date))],
        })];
    }

    private static string Describe(SlackApiCall c) => c switch
    {
        { Status: 429 } => $"{c.Method} answered 429 Retry-After: 1",
        { Error: { } e } => $"{c.Method} refused: {e}",
        { Method: "chat.postMessage", ThreadTs: null } => $"chat.postMessage thread parent {c.Ts} \"{c.Message?.Title ?? "(no title)"}\"",
        { Method: "chat.postMessage" } => $"chat.postMessage reply {c.Ts} in thread {c.ThreadTs}",
        { Method: "chat.update" } => $"chat.update {c.Ts} \"{c.Message?.Title ?? "(no title)"}\"",
        _ => $"{c.Method}",
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Teams.DisposeAsync().ConfigureAwait(false);
        await Slack.DisposeAsync().ConfigureAwait(false);
    }
}
