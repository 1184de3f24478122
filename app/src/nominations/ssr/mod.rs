//! Nominations and invitations on the server. `quota` is the seat rule for nominees; `storage`
//! the statements; `service` the organizer's side (seats per country, focal points, the
//! report and the API); `focal` the focal point's side through their link (nominate, replace,
//! withdraw, the letter); `letter` what a nomination letter must be; `invitations` personal
//! invitation links; `handlers` the HTML form endpoints and the letters' downloads.
pub mod focal;
pub mod handlers;
pub mod invitations;
pub mod letter;
pub mod quota;
pub mod service;
pub mod storage;
