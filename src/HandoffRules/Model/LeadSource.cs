namespace HandoffRules.Model;

/// <summary>Where a lead came from: the channel that produced it.</summary>
public enum LeadSource
{
    /// <summary>Unknown or not given.</summary>
    Other = 0,

    /// <summary>Organic search and content.</summary>
    Organic,

    /// <summary>Paid search and paid social.</summary>
    Paid,

    /// <summary>A referral from a customer or partner.</summary>
    Referral,

    /// <summary>Events, webinars and conferences.</summary>
    Events,

    /// <summary>A self-serve product sign-up.</summary>
    ProductSignup,

    /// <summary>A demo request form.</summary>
    DemoRequest,

    /// <summary>E-mail marketing.</summary>
    Email,

    /// <summary>Direct traffic.</summary>
    Direct,
}
