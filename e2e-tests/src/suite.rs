pub struct Suite;
