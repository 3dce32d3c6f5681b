namespace HandoffRules.Model;

/// <summary>The lead fields a playbook can require, and that intake notes name.</summary>
public enum LeadField
{
    /// <summary>E-mail address.</summary>
    Email,

    /// <summary>First name.</summary>
    FirstName,

    /// <summary>Last name.</summary>
    LastName,

    /// <summary>Company name.</summary>
    Company,

    /// <summary>Job title.</summary>
    JobTitle,

    /// <summary>Phone number.</summary>
    Phone,

    /// <summary>ISO country code.</summary>
    Country,

    /// <summary>State, province or region code.</summary>
    State,

    /// <summary>Postal code.</summary>
    PostalCode,

    /// <summary>Number of employees.</summary>
    Employees,

    /// <summary>Annual revenue in US dollars.</summary>
    AnnualRevenue,

    /// <summary>Lead source.</summary>
    Source,

    /// <summary>Lead score.</summary>
    Score,
}
