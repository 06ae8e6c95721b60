namespace CovidSpark.Aws.Glue;

/// <summary>
/// A Glue error the catalog sync acts on, raised by <see cref="GlueClient"/> in place of the generic
/// <see cref="AwsServiceException"/> (kept as <see cref="Exception.InnerException"/>). Other Glue errors stay
/// <see cref="AwsServiceException"/>.
/// </summary>
public abstract class GlueException : AwsException
{
    private protected GlueException(AwsServiceException cause) : base(cause.Service, cause.Operation, cause.Message, cause) => Cause = cause;

    /// <summary>The service error as the JSON client read it (code, status, request id).</summary>
    public AwsServiceException Cause { get; }

    /// <summary>The Glue error code, e.g. <c>EntityNotFoundException</c>.</summary>
    public string ErrorCode => Cause.ErrorCode;

    /// <summary>The typed exception for a Glue error code, or null when the code has none.</summary>
    public static GlueException? From(AwsServiceException e) => e.ErrorCode switch
    {
        "EntityNotFoundException" => new GlueEntityNotFoundException(e),
        "AlreadyExistsException" => new GlueAlreadyExistsException(e),
        "ConcurrentModificationException" => new GlueConcurrentModificationException(e),
        _ => null,
    };
}

/// <summary>The database or table does not exist (<c>EntityNotFoundException</c>).</summary>
public sealed class GlueEntityNotFoundException(AwsServiceException cause) : GlueException(cause)
{
    public override bool IsTransient => false;
}

/// <summary>The database or table already exists (<c>AlreadyExistsException</c>): someone created it first.</summary>
public sealed class GlueAlreadyExistsException(AwsServiceException cause) : GlueException(cause)
{
    public override bool IsTransient => false;
}

/// <summary>
/// Another writer changed the entity since it was read (<c>ConcurrentModificationException</c>, e.g. an
/// <c>UpdateTable</c> whose <c>VersionId</c> is no longer the latest). Re-read, compare, and try again.
/// </summary>
public sealed class GlueConcurrentModificationException(AwsServiceException cause) : GlueException(cause)
{
    public override bool IsTransient => true;
}
