namespace CovidSpark.Deploy.Upload;

/// <summary>What happened to one object.</summary>
public enum UploadOutcome
{
    /// <summary>Written (absent or different before).</summary>
    Uploaded,
    /// <summary>Copied inside the bucket from an object with the same content.</summary>
    Copied,
    /// <summary>Already there with the same SHA-256; left alone.</summary>
    Unchanged,
}

/// <summary>One object of an upload run.</summary>
public sealed record UploadedObject(string Key, UploadOutcome Outcome, long Bytes);

/// <summary>The result of <see cref="BundleUploader.UploadAsync"/>.</summary>
public sealed record UploadReport(string Bucket, IReadOnlyList<UploadedObject> Objects)
{
    /// <summary>Objects written or copied this time.</summary>
    public int Changed => Objects.Count(o => o.Outcome != UploadOutcome.Unchanged);
}
