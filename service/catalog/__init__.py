"""The reference catalogs in the database: chains and their targets, regions, industries; checks against them."""
