//! Energy in MJ and Scope 1/2 GHG emissions (being written).
